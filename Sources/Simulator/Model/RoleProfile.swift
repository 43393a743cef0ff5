import Foundation

/// The resting shape of a role's metrics: what a typical instance of it does at load 1.
struct RoleProfile: Sendable {
    /// CPU % with no traffic.
    var cpuIdle: Double
    /// CPU % added by peak traffic at load 1.
    var cpuBusy: Double
    /// CPU % added by the nightly batch at its peak (workers).
    var cpuBatch: Double
    /// Memory % at rest, and how much traffic (or the batch) adds at peak.
    var memoryBase: Double
    var memorySwing: Double
    /// Bytes per minute at peak traffic and load 1.
    var networkIn: Double
    var networkOut: Double
    /// How much of the INFO log volume follows traffic (the rest is steady).
    var logTrafficShare: Double

    static func of(_ role: InstanceRole) -> RoleProfile {
        switch role {
        case .web:
            RoleProfile(
                cpuIdle: 3, cpuBusy: 42, cpuBatch: 0, memoryBase: 46, memorySwing: 6, networkIn: 4.0e6,
                networkOut: 2.4e7, logTrafficShare: 0.9)
        case .api:
            RoleProfile(
                cpuIdle: 4, cpuBusy: 36, cpuBatch: 0, memoryBase: 56, memorySwing: 5, networkIn: 9.0e6,
                networkOut: 1.1e7, logTrafficShare: 0.85)
        case .worker:
            RoleProfile(
                cpuIdle: 3, cpuBusy: 16, cpuBatch: 45, memoryBase: 38, memorySwing: 14, networkIn: 1.5e7,
                networkOut: 3.0e6, logTrafficShare: 0.6)
        case .db:
            RoleProfile(
                cpuIdle: 5, cpuBusy: 28, cpuBatch: 0, memoryBase: 72, memorySwing: 2, networkIn: 1.2e7,
                networkOut: 2.6e7, logTrafficShare: 0.7)
        }
    }
}

/// Daily and weekly seasonality of traffic (UTC).
enum Seasonality {
    /// Traffic relative to a weekday's peak: low at 04:00, high at 16:00, lower at weekends.
    static func traffic(at t: Double) -> Double {
        let day = (t / 86_400).rounded(.down)
        let hour = (t - day * 86_400) / 3600
        let shape = 0.5 - 0.5 * cos(2 * Double.pi * (hour - 4) / 24)
        let daily = 0.22 + 0.78 * shape
        let weekday = (Int(day) % 7 + 11) % 7  // 0 = Sunday; 1970-01-01 was a Thursday
        let weekly = weekday == 0 || weekday == 6 ? 0.6 : 1.0
        return daily * weekly
    }

    /// The nightly batch: a bump from about 01:00 to 03:30, peaking at 02:00 (every day).
    static func batch(at t: Double) -> Double {
        let hour = t.truncatingRemainder(dividingBy: 86_400) / 3600
        let distance = (hour - 2.0) / 0.7
        return exp(-distance * distance)
    }
}
