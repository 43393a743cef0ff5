public import CoreMetrics
public import Foundation
import Synchronization

/// swift-metrics into CloudWatch's Embedded Metric Format: what an invocation recorded leaves as
/// JSON lines in the function's log, which CloudWatch turns into metrics without an API call.
///
/// Values accumulate between `drain` calls (the runtime loop drains after each invocation):
/// counters as their sum, gauges as their last value, timers and histograms as their values.
/// One line per set of dimension values, at most 100 metrics and 100 values each, as the
/// specification allows (docs/observability.md); each metric is also published under the drain's
/// own dimensions alone (the function), which the alarms read.
public final class EMFMetricsFactory: MetricsFactory, Sendable {
    /// The CloudWatch namespace of every metric.
    public let namespace: String
    private let state = Mutex(Recorded())

    /// The EMF limits: metrics per directive, values per metric, dimensions per set.
    static let maxMetrics = 100
    static let maxValues = 100
    static let maxDimensions = 30

    public init(namespace: String) {
        self.namespace = namespace
    }

    struct Key: Hashable {
        var name: String
        var dimensions: [String]
    }

    enum Unit: String {
        case count = "Count"
        case seconds = "Seconds"
        case plain = "None"
    }

    struct Recorded {
        var counters: [Key: Double] = [:]
        var gauges: [Key: Double] = [:]
        var samples: [Key: (unit: Unit, values: [Double])] = [:]
    }

    func add(_ key: Key, _ amount: Double) { state.withLock { $0.counters[key, default: 0] += amount } }
    func set(_ key: Key, _ value: Double) { state.withLock { $0.gauges[key] = value } }
    func sample(_ key: Key, _ value: Double, unit: Unit) {
        state.withLock { $0.samples[key, default: (unit, [])].values.append(value) }
    }

    /// Everything recorded since the last drain as EMF lines stamped `date`, with `dimensions`
    /// (the function's name, say) added to every metric's own; the record starts afresh.
    public func drain(at date: Date, dimensions extra: [(String, String)] = []) -> [String] {
        let recorded = state.withLock { recorded in
            defer { recorded = Recorded() }
            return recorded
        }
        // By dimension values: one line holds the metrics that share them.
        var groups: [[String]: [(name: String, unit: Unit, values: [Double])]] = [:]
        for (key, value) in recorded.counters {
            groups[key.dimensions, default: []].append((key.name, .count, [value]))
        }
        for (key, value) in recorded.gauges { groups[key.dimensions, default: []].append((key.name, .plain, [value])) }
        for (key, sample) in recorded.samples {
            groups[key.dimensions, default: []].append((key.name, sample.unit, sample.values))
        }
        let stamp = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var lines: [String] = []
        for (dimensions, metrics) in groups.sorted(by: { $0.key.joined() < $1.key.joined() }) {
            var members: [(String, String)] = extra
            for pair in dimensions {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2, !members.contains(where: { $0.0 == parts[0] }) {
                    members.append((parts[0], parts[1]))
                }
            }
            members = Array(members.prefix(Self.maxDimensions))
            let sorted = metrics.sorted { $0.name < $1.name }
            for start in stride(from: 0, to: sorted.count, by: Self.maxMetrics) {
                let chunk = sorted[start..<min(start + Self.maxMetrics, sorted.count)]
                let longest = chunk.map(\.values.count).max() ?? 0
                // Past 100 values, the rest of a timer goes on further lines.
                for offset in stride(from: 0, to: max(longest, 1), by: Self.maxValues) {
                    let part = chunk.compactMap { metric -> (String, Unit, [Double])? in
                        let values = Array(metric.values.dropFirst(offset).prefix(Self.maxValues))
                        return values.isEmpty ? nil : (metric.name, metric.unit, values)
                    }
                    guard !part.isEmpty else { continue }
                    lines.append(line(stamp: stamp, dimensions: members, rollup: extra.map(\.0), metrics: part))
                }
            }
        }
        return lines
    }

    /// `rollup`: a second dimension set of the drain's own dimensions alone, so an alarm can read
    /// a metric across its labels (every throttle of a function, whatever the operation).
    private func line(
        stamp: Int64, dimensions: [(String, String)], rollup: [String], metrics: [(String, Unit, [Double])]
    ) -> String {
        let names = dimensions.map(\.0)
        let sets = rollup.isEmpty || rollup == names ? [names] : [names, rollup]
        var document: [String: Any] = [:]
        for (name, value) in dimensions { document[name] = value }
        for (name, _, values) in metrics {
            document[name] = values.count == 1 ? values[0] as Any : values as Any
        }
        document["_aws"] =
            [
                "Timestamp": stamp,
                "CloudWatchMetrics": [
                    [
                        "Namespace": namespace,
                        "Dimensions": sets,
                        "Metrics": metrics.map { ["Name": $0.0, "Unit": $0.1.rawValue] },
                    ] as [String: Any]
                ],
            ] as [String: Any]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func key(_ label: String, _ dimensions: [(String, String)]) -> Key {
        Key(name: label, dimensions: dimensions.map { "\($0.0)=\($0.1)" }.sorted())
    }

    // MARK: - MetricsFactory

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        EMFHandler(factory: self, key: Self.key(label, dimensions), unit: .count)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)])
        -> any FloatingPointCounterHandler
    {
        EMFHandler(factory: self, key: Self.key(label, dimensions), unit: .count)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        EMFHandler(factory: self, key: Self.key(label, dimensions), unit: aggregate ? .plain : nil)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        EMFHandler(factory: self, key: Self.key(label, dimensions), unit: nil)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        EMFHandler(factory: self, key: Self.key(label, dimensions), unit: .seconds)
    }

    public func destroyCounter(_ handler: any CounterHandler) {}
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    public func destroyRecorder(_ handler: any RecorderHandler) {}
    public func destroyMeter(_ handler: any MeterHandler) {}
    public func destroyTimer(_ handler: any TimerHandler) {}
}

/// One metric of an `EMFMetricsFactory`: writes into the factory's record.
/// `unit` nil: a gauge (last value wins); otherwise sampled values (a histogram or timer) or a count.
final class EMFHandler: CounterHandler, FloatingPointCounterHandler, RecorderHandler, MeterHandler, TimerHandler,
    Sendable
{
    let factory: EMFMetricsFactory
    let key: EMFMetricsFactory.Key
    let unit: EMFMetricsFactory.Unit?

    init(factory: EMFMetricsFactory, key: EMFMetricsFactory.Key, unit: EMFMetricsFactory.Unit?) {
        self.factory = factory
        self.key = key
        self.unit = unit
    }

    func increment(by amount: Int64) { factory.add(key, Double(amount)) }
    func increment(by amount: Double) { factory.add(key, amount) }
    func reset() {}
    func record(_ value: Int64) { record(Double(value)) }
    func record(_ value: Double) {
        if let unit { factory.sample(key, value, unit: unit) } else { factory.set(key, value) }
    }
    func set(_ value: Int64) { factory.set(key, Double(value)) }
    func set(_ value: Double) { factory.set(key, value) }
    func decrement(by amount: Double) {}
    func recordNanoseconds(_ duration: Int64) { factory.sample(key, Double(duration) / 1e9, unit: .seconds) }
}
