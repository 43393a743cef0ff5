import AIOpsCore
import Composition
import Detection
import Foundation
import Logging
import Pipeline
import Synchronization

/// A clock the test moves by hand; `sleep` jumps.
final class ManualClock: AgentClock {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func set(_ date: Date) { current.withLock { $0 = date } }
    func advance(minutes: Double) { current.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
    func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        current.withLock { if deadline > $0 { $0 = deadline } }
    }
}

/// Calls a value over `limit` anomalous: simple enough that a test knows which points it flags.
struct ThresholdDetector: StreamingDetector {
    var name = "threshold"
    var limit: Double
    private(set) var seen = 0

    init(limit: Double) { self.limit = limit }

    mutating func observe(_ point: MetricPoint) -> DetectorOutput {
        seen += 1
        return DetectorOutput(
            score: min(1, point.value / 100), isAnomaly: point.value > limit, expected: 0...limit,
            drivingFeature: "value")
    }
}

extension CatalogDetectorProvider {
    static func threshold(_ limit: Double = 80) -> CatalogDetectorProvider {
        CatalogDetectorProvider(fleet: [
            .cpuUtilization: {
                ProvidedDetector(detector: ThresholdDetector(limit: limit), threshold: 0.8, origin: "fleet")
            }
        ])
    }
}

/// Finds ERROR lines that the baseline did not have; says so in a summary like LogAnalysis's.
struct KeywordAnalyzer: RootCauseAnalyzing {
    func windows(around time: Date) -> LogWindows { .around(time) }

    func analyze(
        anomaly: Anomaly, instance: Instance, window: [AIOpsCore.LogEvent], baseline: [AIOpsCore.LogEvent],
        windows: LogWindows
    ) -> Analysis {
        let known = Set(baseline.map(\.message))
        let errors = window.filter { $0.message.contains("ERROR") && !known.contains($0.message) }
        let findings =
            errors.isEmpty
            ? []
            : [
                Finding(
                    templateID: "t1", template: errors[0].message, level: .error, count: errors.count, baselineRate: 0,
                    novelty: .new, firstSeen: errors[0].timestamp, examples: errors.prefix(2).map(\.message), rank: 1)
            ]
        let evidence = errors.isEmpty ? "" : "; \(errors.count) × \"\(errors[0].message)\""
        return Analysis(
            findings: findings, summary: "\(anomaly.metric) \(Int(anomaly.value)) on \(instance.id)\(evidence)",
            hasErrorEvidence: !errors.isEmpty, linesExamined: window.count + baseline.count)
    }
}

/// A small fleet: a CPU of 30 (+ a little wave), with spikes and error lines the test injects.
/// A reboot ends the spikes and errors marked as cleared by reboot.
actor FakeFleet: InstanceInventory, MetricSource, LogSource, InstanceController {
    struct Spike {
        var instanceID: String
        var from: Date
        var to: Date
        var value: Double
        var errors: Bool
        var clearedByReboot: Bool
    }

    var instances: [Instance]
    var spikes: [Spike] = []
    var statusFailing: Set<String> = []
    private(set) var calls: [String] = []
    private(set) var fetches: [MetricQuery] = []
    let clock: any AgentClock
    let period: TimeInterval

    init(instances: [Instance], clock: any AgentClock, period: TimeInterval = 300) {
        self.instances = instances
        self.clock = clock
        self.period = period
    }

    func spike(
        _ id: String, from: Date, minutes: Double, value: Double = 97, errors: Bool, clearedByReboot: Bool = true
    ) {
        spikes.append(
            Spike(
                instanceID: id, from: from, to: from.addingTimeInterval(minutes * 60), value: value, errors: errors,
                clearedByReboot: clearedByReboot))
    }

    func setStatusFailing(_ id: String) { statusFailing.insert(id) }

    func monitoredInstances() -> [Instance] { instances.filter { $0.carries(.monitor) } }
    func instance(id: String) -> Instance? { instances.first { $0.id == id } }

    func value(_ id: String, _ metric: MetricName, at t: Date) -> Double {
        if metric == .statusCheckFailed { return statusFailing.contains(id) ? 1 : 0 }
        if let spike = spikes.first(where: { $0.instanceID == id && $0.from <= t && t < $0.to }) { return spike.value }
        return 30 + 5 * sin(t.timeIntervalSince1970 / 3600)
    }

    func fetch(_ query: MetricQuery) -> [MetricSeries] {
        fetches.append(query)
        let now = clock.now()
        let step = Double(query.period)
        var first = (query.start.timeIntervalSince1970 / step).rounded(.up) * step
        var series: [MetricSeries] = []
        for id in query.instanceIDs {
            for metric in query.metrics {
                var points: [MetricPoint] = []
                first = (query.start.timeIntervalSince1970 / step).rounded(.up) * step
                var t = Date(timeIntervalSince1970: first)
                while t < query.end && t <= now {
                    points.append(MetricPoint(timestamp: t, value: value(id, metric, at: t)))
                    t = t.addingTimeInterval(step)
                }
                series.append(MetricSeries(instanceID: id, metric: metric, points: points))
            }
        }
        return series
    }

    func events(instanceID: String, from start: Date, to end: Date) -> [AIOpsCore.LogEvent] {
        var events: [AIOpsCore.LogEvent] = []
        var t = Date(timeIntervalSince1970: (start.timeIntervalSince1970 / 60).rounded(.up) * 60)
        while t < end && t <= clock.now() {
            events.append(AIOpsCore.LogEvent(timestamp: t, message: "INFO GET /health 200"))
            if spikes.contains(where: { $0.instanceID == instanceID && $0.errors && $0.from <= t && t < $0.to }) {
                events.append(
                    AIOpsCore.LogEvent(timestamp: t, message: "ERROR java.lang.OutOfMemoryError: Java heap space"))
            }
            t = t.addingTimeInterval(60)
        }
        return events
    }

    func reboot(instanceID: String) {
        calls.append("reboot \(instanceID)")
        let now = clock.now()
        for index in spikes.indices
        where spikes[index].instanceID == instanceID && spikes[index].clearedByReboot && spikes[index].to > now {
            spikes[index].to = max(spikes[index].from, now)
        }
    }
    func stop(instanceID: String) { calls.append("stop \(instanceID)") }
    func start(instanceID: String) { calls.append("start \(instanceID)") }
}

/// Keeps every alert it was asked to send.
actor RecordingNotifier: Notifier {
    private(set) var alerts: [CriticalAlert] = []
    func notify(_ alert: CriticalAlert) { alerts.append(alert) }
}

/// A subscriber of the in-process bus that keeps the messages of its topic (the bus itself keeps
/// nothing it delivered).
actor MessageRecorder {
    private(set) var messages: [Data] = []
    func add(_ message: Data) { messages.append(message) }

    /// A recorder subscribed to `topic` of `bus`.
    static func attached(to bus: InProcessEventBus, _ topic: InProcessEventBus.Topic) async -> MessageRecorder {
        let recorder = MessageRecorder()
        await bus.subscribe(topic, name: "recorder") { await recorder.add($0) }
        return recorder
    }
}

/// Collects what a publisher was given, without delivering it anywhere.
actor RecordingPublisher: EventPublisher {
    private(set) var events: [AnomalyEvent] = []
    private(set) var alerts: [CriticalAlert] = []
    func publish(_ event: AnomalyEvent) { events.append(event) }
    func publish(_ alert: CriticalAlert) { alerts.append(alert) }
}

enum Fixture {
    /// Thursday 24 September 2026, 00:00 UTC.
    static let t0 = Date(timeIntervalSince1970: 1_790_208_000)
    static let web1 = Instance(
        id: "i-0aaaaaaaaaaaaaaa1", name: "web-1", tags: ["aiops:monitor": "true", "aiops:remediate": "true"])
    static let web2 = Instance(id: "i-0aaaaaaaaaaaaaaa2", name: "web-2", tags: ["aiops:monitor": "true"])
    static let unwatched = Instance(id: "i-0aaaaaaaaaaaaaaa3", name: "batch-1", tags: [:])

    static func anomaly(_ instance: Instance = web1, at t: Date, value: Double = 97, score: Double = 0.9) -> Anomaly {
        Anomaly(
            instanceID: instance.id, metric: .cpuUtilization, timestamp: t, value: value, score: score,
            threshold: 0.8, expected: 0...80, detector: "threshold")
    }

    static func event(_ instance: Instance = web1, at t: Date, value: Double = 97, score: Double = 0.9)
        -> AnomalyEvent
    {
        AnomalyEvent(
            eventID: DetectionStage.eventID(instanceID: instance.id, metric: .cpuUtilization, at: t),
            instance: instance, anomaly: anomaly(instance, at: t, value: value, score: score),
            recent: [MetricPoint(timestamp: t, value: value)], detectedAt: t)
    }
}

extension Logger {
    /// Errors only: the tests assert on the store, not on log lines, and thousands of lines slow them down.
    static var quiet: Logger {
        var logger = Logger(label: "aiops.test")
        logger.logLevel = .error
        return logger
    }
}
