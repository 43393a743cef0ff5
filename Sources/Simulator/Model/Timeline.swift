import AIOpsCore

/// A time the instance was down: from a reboot until it is back, or from a stop until a start
/// and the boot after it. Times are seconds since 1970 (the model works in plain doubles).
struct Outage: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case reboot, stop
    }
    var kind: Kind
    var start: Double
    /// When it runs again; infinity while stopped and not yet started.
    var end: Double
    /// When a start was asked for (stop only).
    var startRequested: Double?

    func covers(_ t: Double) -> Bool { t >= start && t < end }
}

/// A fault as the model sees it: when it acts, and a key that varies its details.
struct ActiveFault: Sendable, Hashable {
    var kind: FaultKind
    var start: Double
    /// Cleared or expired at; infinity while it lasts.
    var end: Double
    /// Varies the details (which exception, how intense) between faults of the same kind.
    var key: UInt64

    func covers(_ t: Double) -> Bool { t >= start && t < end }

    /// The share of `[from, to)` this fault covers.
    func coverage(from: Double, to: Double) -> Double {
        let overlap = min(end, to) - max(start, from)
        return overlap > 0 ? overlap / (to - from) : 0
    }
}

/// Everything that shapes one instance's metrics and logs besides the seed: its faults and its
/// outages. Metrics and logs are pure functions of (seed, instance, time, timeline).
struct Timeline: Sendable, Hashable {
    var faults: [ActiveFault]
    var outages: [Outage]

    static let empty = Timeline(faults: [], outages: [])

    func isDown(at t: Double) -> Bool { outages.contains { $0.covers(t) } }

    func faults(at t: Double) -> [ActiveFault] { faults.filter { $0.covers(t) } }

    /// When the instance last came up at or before `t`, if it was ever down before.
    func lastBoot(atOrBefore t: Double) -> Double? {
        outages.lazy.filter { $0.end <= t }.map(\.end).max()
    }

    /// How many times the instance booted by `t`: keys the process ids of each boot.
    func bootCount(at t: Double) -> Int { outages.reduce(0) { $1.end <= t ? $0 + 1 : $0 } }

    /// The EC2 state at `t`.
    func state(at t: Double, stoppingFor: Double = 15) -> InstanceState {
        guard let outage = outages.filter({ $0.start <= t }).max(by: { $0.start < $1.start }), t < outage.end else {
            return .running
        }
        switch outage.kind {
        case .reboot:
            return .rebooting
        case .stop:
            if let requested = outage.startRequested, t >= requested { return .pending }
            return t < outage.start + stoppingFor ? .stopping : .stopped
        }
    }
}
