import AIOpsCore
import Foundation

/// Computes metric values as a pure function of (seed, instance, time, timeline): any past range
/// can be generated on demand, in any order, and the same question always gets the same answer.
///
/// The model works per minute (a sample is the metric over that minute, stamped at its start);
/// coarser periods aggregate the minutes as CloudWatch's usual statistics do: the average for
/// CPU and memory, the sum of bytes for the network, the maximum for status checks.
struct MetricModel: Sendable {
    let seed: UInt64
    let memoryLeakSeconds: Double

    /// The metrics the model knows; others come back as empty series.
    enum Kind: Sendable, CaseIterable {
        case cpu, memory, networkIn, networkOut, statusCheck, disk

        init?(_ name: MetricName) {
            switch name {
            case .cpuUtilization: self = .cpu
            case .memoryUtilization: self = .memory
            case .networkIn: self = .networkIn
            case .networkOut: self = .networkOut
            case .statusCheckFailed: self = .statusCheck
            case .diskUsedPercent: self = .disk
            default: return nil
            }
        }

        var key: UInt64 {
            switch self {
            case .cpu: 1
            case .memory: 2
            case .networkIn: 3
            case .networkOut: 4
            case .statusCheck: 5
            case .disk: 6
            }
        }
    }

    /// The datapoint of the period starting at `periodStart` (seconds since 1970, period in whole
    /// minutes), or nil when the instance was down the whole period.
    func point(_ kind: Kind, of member: FleetMember, periodStart: Int64, minutes: Int, timeline: Timeline) -> Double? {
        let first = periodStart / 60
        var total = 0.0
        var maximum = -Double.infinity
        var count = 0
        for minute in first..<(first + Int64(minutes)) {
            guard let value = sample(kind, of: member, minute: minute, timeline: timeline) else { continue }
            total += value
            maximum = max(maximum, value)
            count += 1
        }
        guard count > 0 else { return nil }
        switch kind {
        case .cpu, .memory, .disk: return total / Double(count)
        case .networkIn, .networkOut: return total
        case .statusCheck: return maximum
        }
    }

    /// The metric over one minute (`minute` counts minutes since 1970); nil while the instance is down.
    func sample(_ kind: Kind, of member: FleetMember, minute: Int64, timeline: Timeline) -> Double? {
        let start = Double(minute) * 60
        let mid = start + 30
        guard !timeline.isDown(at: mid) else { return nil }
        let faults = timeline.faults.filter { $0.coverage(from: start, to: start + 60) > 0 }
        let profile = RoleProfile.of(member.role)
        var noise = SplitMix64(seed, UInt64(member.index), UInt64(bitPattern: minute), kind.key)
        let traffic = trafficLevel(of: member, at: mid, faults: faults)
        switch kind {
        case .cpu:
            var cpu = profile.cpuIdle + profile.cpuBusy * member.loadLevel * traffic
            cpu += profile.cpuBatch * member.loadLevel * Seasonality.batch(at: mid)
            cpu += noise.gaussian() * (1 + 0.05 * cpu)
            cpu = Self.softCap(cpu)
            for fault in faults {
                let weight = fault.coverage(from: start, to: start + 60)
                switch fault.kind {
                case .cpuRunaway: cpu = mix(cpu, min(100, 97.5 + noise.gaussian()), weight)
                case .crashLoop: cpu = mix(cpu, 62 + 4 * noise.gaussian(), weight)
                case .errorBurst: cpu += 18 * weight  // building stack traces and logging them is not free
                case .memoryLeak:
                    // The garbage collector works harder as the heap fills.
                    let fill = leakFill(fault, at: mid)
                    cpu += 40 * pow(max(0, fill - 0.65) / 0.35, 2) * (fault.covers(mid) ? 1 : 0)
                case .trafficSurge: break  // already in `traffic`
                // Retransmissions, retries and re-established TLS sessions cost CPU.
                case .networkDegradation: cpu += 22 * weight
                case .diskFull: cpu += 6 * weight  // retries of failed writes
                }
            }
            return min(100, max(0, cpu))
        case .memory:
            let swing = member.role == .worker ? Seasonality.batch(at: mid) : traffic
            var memory = profile.memoryBase + profile.memorySwing * swing + (member.loadLevel - 1) * 6
            memory += 1.5 * wander(member, kind, at: mid) + 0.3 * noise.gaussian()
            for fault in faults {
                switch fault.kind {
                case .memoryLeak where fault.covers(mid):
                    memory += (99 - memory) * leakFill(fault, at: mid)
                case .crashLoop:
                    memory = mix(memory, memory * 0.55, fault.coverage(from: start, to: start + 60))
                default: break
                }
            }
            return min(100, max(0, memory))
        case .networkIn, .networkOut:
            let base = kind == .networkIn ? profile.networkIn : profile.networkOut
            var bytes = base * member.loadLevel * (0.05 + 0.95 * traffic) * max(0.2, 1 + 0.1 * noise.gaussian())
            for fault in faults {
                let weight = fault.coverage(from: start, to: start + 60)
                switch fault.kind {
                case .crashLoop: bytes *= 1 - 0.9 * weight  // the load balancer stops sending traffic
                case .errorBurst where kind == .networkOut: bytes *= 1 - 0.4 * weight  // short error pages
                case .networkDegradation: bytes *= 1 - 0.6 * weight  // lost packets, clients giving up
                default: break
                }
            }
            return bytes.rounded()
        case .statusCheck:
            return statusCheckFailed(member, minute: minute, at: mid, faults: faults, timeline: timeline) ? 1 : 0
        case .disk:
            // Steady between 35% and 65% by instance, creeping with the hours' logs.
            var used = 35 + 30 * Hash.unit(seed, UInt64(member.index), 6, 0) + 2 * wander(member, kind, at: mid)
            used += 0.05 * noise.gaussian()
            for fault in faults where fault.kind == .diskFull && fault.covers(mid) {
                // Fills over four minutes, then stays full.
                used += (100 - used) * min(1, (mid - fault.start) / 240)
            }
            return min(100, max(0, used))
        }
    }

    /// Traffic relative to a weekday's peak at load 1, surges included.
    func trafficLevel(of member: FleetMember, at t: Double, faults: [ActiveFault]) -> Double {
        var traffic = Seasonality.traffic(at: t) * (1 + 0.1 * wander(member, .networkIn, at: t))
        for fault in faults where fault.kind == .trafficSurge && fault.covers(t) {
            // Two to three times the usual, ramping up over three minutes.
            let factor = 2.0 + 0.8 * Hash.unit(fault.key, 1, 0, 0)
            traffic *= 1 + (factor - 1) * min(1, (t - fault.start) / 180)
        }
        return traffic
    }

    /// How full a leak has made memory at `t`: 0 → 1 over the leak's time, then the OOM killer
    /// ends the process and the leak starts again.
    func leakFill(_ fault: ActiveFault, at t: Double) -> Double {
        let elapsed = max(0, t - fault.start)
        return elapsed.truncatingRemainder(dividingBy: memoryLeakSeconds) / memoryLeakSeconds
    }

    /// A crash-looping service fails its health check in most minutes once it has looped a while.
    private func statusCheckFailed(
        _ member: FleetMember, minute: Int64, at t: Double, faults: [ActiveFault], timeline: Timeline
    ) -> Bool {
        for fault in faults where fault.kind == .crashLoop && fault.covers(t) {
            let since = max(fault.start, timeline.lastBoot(atOrBefore: t) ?? -.infinity)
            if t - since >= 120 && Hash.unit(seed, fault.key, UInt64(bitPattern: minute), 5) < 0.6 { return true }
        }
        return false
    }

    /// Slow drift in [-1, 1], smooth across hours, different per instance and metric.
    private func wander(_ member: FleetMember, _ kind: Kind, at t: Double) -> Double {
        let hours = t / 3600
        let knot = hours.rounded(.down)
        let fraction = hours - knot
        let smooth = fraction * fraction * (3 - 2 * fraction)
        let a = Hash.unit(seed, UInt64(member.index), kind.key &+ 100, UInt64(bitPattern: Int64(knot)))
        let b = Hash.unit(seed, UInt64(member.index), kind.key &+ 100, UInt64(bitPattern: Int64(knot) + 1))
        return 2 * (a + (b - a) * smooth) - 1
    }

    private func mix(_ from: Double, _ to: Double, _ weight: Double) -> Double { from + (to - from) * weight }

    /// CPU saturates smoothly towards 100% instead of clipping.
    static func softCap(_ cpu: Double) -> Double {
        cpu <= 75 ? cpu : 75 + 25 * (1 - exp(-(cpu - 75) / 25))
    }
}
