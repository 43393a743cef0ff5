public import AIOpsCore
public import Foundation
import Synchronization

/// The recorded fleet behind the pipeline's ports, as the simulated fleet is in the demo: the
/// inventory (every recorded instance, monitored and opted in to remediation), the metric and log
/// sources (only what had happened by the replay clock's now, as CloudWatch would answer then),
/// and an instance controller that records calls instead of making them.
public final class ReplayFleet: InstanceInventory, MetricSource, LogSource, InstanceController {
    let recording: Recording
    let clock: any AgentClock
    /// Seconds a datapoint covers: it is visible once its period has ended.
    let period: Int
    private let instances: [String: Instance]
    private let calls: Mutex<[String]> = Mutex([])

    public init(recording: Recording, clock: any AgentClock, period: Int) {
        self.recording = recording
        self.clock = clock
        self.period = period
        // A backtest asks what the agent would have done to each instance: all are watched and,
        // in dry run, all may be "acted" on.
        var instances: [String: Instance] = [:]
        for id in recording.instanceIDs {
            instances[id] = Instance(
                id: id, name: id,
                tags: [
                    TagSelector.monitor.key: TagSelector.monitor.value ?? "true",
                    TagSelector.remediate.key: TagSelector.remediate.value ?? "true",
                ])
        }
        self.instances = instances
    }

    public func monitoredInstances() async throws -> [Instance] { recording.instanceIDs.compactMap { instances[$0] } }

    public func instance(id: String) async throws -> Instance? { instances[id] }

    public func fetch(_ query: MetricQuery) async throws -> [MetricSeries] {
        let visible = clock.now().addingTimeInterval(-Double(period))
        var result: [MetricSeries] = []
        for instanceID in query.instanceIDs {
            for metric in query.metrics {
                let points = recording.series[Recording.SeriesKey(instanceID: instanceID, metric: metric)] ?? []
                let from = points.partitioningIndex { $0.timestamp >= query.start }
                var picked: [MetricPoint] = []
                for point in points[from...] {
                    guard point.timestamp < query.end, point.timestamp <= visible else { break }
                    picked.append(point)
                }
                result.append(MetricSeries(instanceID: instanceID, metric: metric, points: picked))
            }
        }
        return result
    }

    public func events(instanceID: String, from start: Date, to end: Date) async throws -> [LogEvent] {
        let now = clock.now()
        let lines = recording.logs[instanceID] ?? []
        let from = lines.partitioningIndex { $0.timestamp >= start }
        var picked: [LogEvent] = []
        for line in lines[from...] {
            guard line.timestamp < end, line.timestamp <= now else { break }
            picked.append(line)
        }
        return picked
    }

    /// In dry run the engine never calls these; a call is recorded (and reported) rather than made.
    public func reboot(instanceID: String) async throws { record("reboot \(instanceID)") }
    public func stop(instanceID: String) async throws { record("stop \(instanceID)") }
    public func start(instanceID: String) async throws { record("start \(instanceID)") }

    /// The controller calls received, e.g. `reboot i-0abc` (none in dry run).
    public var controllerCalls: [String] { calls.withLock { $0 } }

    private func record(_ call: String) { calls.withLock { $0.append(call) } }
}

extension Array {
    /// The first index whose element satisfies `predicate`, which must be false then true along
    /// the array (a binary search).
    func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let mid = (low + high) / 2
            if predicate(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
