public import AIOpsCore
public import Foundation

/// The scheduled detector's fan-out: a fleet larger than one shard is split into stable shards
/// (`ShardPlan`), each sent as a `DetectionShardTask` to the detector workers; a fleet of at most
/// one shard is scored in process, as without fan-out.
public struct FleetFanOut: Sendable {
    public let plan: ShardPlan
    let queue: any DetectionTaskQueue

    public init(plan: ShardPlan, queue: any DetectionTaskQueue) {
        self.plan = plan
        self.queue = queue
    }

    /// True when `instances` need more than one shard.
    public func needsShards(_ instances: [Instance]) -> Bool { instances.count > plan.shardSize }

    /// Sends the shards of `instances` for the window; returns how many were sent.
    @discardableResult
    public func dispatch(_ instances: [Instance], after start: Date, through end: Date) async throws -> Int {
        let shards = plan.shards(instances)
        let count = plan.shardCount(instances: instances.count)
        let cycleID = ISO8601.string(from: end)
        let tasks = shards.keys.sorted().map { shard in
            DetectionShardTask(
                cycleID: cycleID, shard: shard, shardCount: count, windowStart: start, windowEnd: end,
                instances: shards[shard] ?? [])
        }
        try await queue.send(tasks)
        return tasks.count
    }
}
