public import AIOpsCore
public import Foundation

/// One instance whose CPU a test scripts exactly: a steady 30 % with a deterministic ripple, and
/// spikes added at given times. No log lines (so incidents stay warnings), no effect of actions.
/// What the feedback tests replay to show a threshold rising and falling.
public actor ScriptedFleet: InstanceInventory, MetricSource, LogSource, InstanceController {
    public static let instance = Instance(
        id: "i-0feedbac0000000a1", name: "feedback-1", tags: ["aiops:monitor": "true"])

    let clock: any AgentClock
    let period: TimeInterval
    private var spikes: [(at: Date, minutes: Double, height: Double)] = []

    public init(clock: any AgentClock, period: TimeInterval = 300) {
        self.clock = clock
        self.period = period
    }

    /// Adds `height` to the CPU for `minutes` from `at`.
    public func spike(at: Date, minutes: Double = 5, height: Double) {
        spikes.append((at, minutes, height))
    }

    /// The CPU at `t`: 30 % with a ripple of about ±1.5 that repeats every 17 periods.
    public func value(at t: Date) -> Double {
        let step = (t.timeIntervalSince1970 / period).rounded()
        let ripple = 1.5 * sin(step * 2 * .pi / 17) + 0.4 * sin(step * 1.3)
        let added = spikes.filter { $0.at <= t && t < $0.at.addingTimeInterval($0.minutes * 60) }.map(\.height)
        return 30 + ripple + added.reduce(0, +)
    }

    public func monitoredInstances() -> [Instance] { [Self.instance] }
    public func instance(id: String) -> Instance? { id == Self.instance.id ? Self.instance : nil }

    public func fetch(_ query: MetricQuery) -> [MetricSeries] {
        let now = clock.now()
        let step = Double(query.period)
        return query.instanceIDs.flatMap { id in
            query.metrics.map { metric in
                guard id == Self.instance.id, metric == .cpuUtilization else {
                    return MetricSeries(instanceID: id, metric: metric, points: [])
                }
                var points: [MetricPoint] = []
                var t = Date(timeIntervalSince1970: (query.start.timeIntervalSince1970 / step).rounded(.up) * step)
                while t < query.end && t <= now {
                    points.append(MetricPoint(timestamp: t, value: value(at: t)))
                    t = t.addingTimeInterval(step)
                }
                return MetricSeries(instanceID: id, metric: metric, points: points)
            }
        }
    }

    public func events(instanceID: String, from start: Date, to end: Date) -> [LogEvent] { [] }
    public func reboot(instanceID: String) {}
    public func stop(instanceID: String) {}
    public func start(instanceID: String) {}
}
