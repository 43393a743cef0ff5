public import Foundation

/// One shard of a detection cycle, handed by the scheduled detector to a detector worker (an SQS
/// message on AWS): the instances to score and the metric window, decided once by the scheduler so
/// that every worker scores the same window and a redelivered task repeats the same work (event
/// ids are derived from the series and the point's time). Versioned JSON, like the events.
public struct DetectionShardTask: Sendable, Codable, Hashable {
    public static let type = "aiops.detection-shard"
    public static let currentVersion = 1

    public var type: String
    public var version: Int
    /// The scheduler's cycle (the window's end, ISO 8601): ties the workers' logs to it.
    public var cycleID: String
    /// This shard's number, in `0..<shardCount`: a function of the instance id and the count.
    public var shard: Int
    public var shardCount: Int
    /// Points after `windowStart`, up to and including `windowEnd`.
    public var windowStart: Date
    public var windowEnd: Date
    /// The shard's instances, as the scheduler listed them (a worker does not list the fleet).
    public var instances: [Instance]

    public init(
        cycleID: String, shard: Int, shardCount: Int, windowStart: Date, windowEnd: Date, instances: [Instance]
    ) {
        self.type = Self.type
        self.version = Self.currentVersion
        self.cycleID = cycleID
        self.shard = shard
        self.shardCount = shardCount
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.instances = instances
    }
}

extension EventCodec {
    /// A shard task from its JSON; a clear `malformedEvent` / `unsupportedVersion` error otherwise.
    public static func decodeShardTask(_ data: Data) throws(AIOpsError) -> DetectionShardTask {
        let task = try decode(
            DetectionShardTask.self, data, type: DetectionShardTask.type, version: DetectionShardTask.currentVersion)
        guard task.shardCount > 0, (0..<task.shardCount).contains(task.shard), task.windowStart < task.windowEnd else {
            throw AIOpsError(
                .malformedEvent,
                "shard task \(task.shard)/\(task.shardCount) of cycle \(task.cycleID) has an impossible shard or window"
            )
        }
        return task
    }
}
