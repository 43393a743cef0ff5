public import AIOpsCore
public import Logging

/// A detector worker: scores the shards the scheduled detector sends (`DetectionShardTask`), each
/// with a `DetectionStage` of its own, built by `makeStage` (the same stage, detectors and warm-up
/// as the in-process detector) and kept between tasks, so a shard that comes back to this process
/// finds its detectors warm. At most `keptShards` stages are kept (the least recently used goes),
/// which bounds the memory of a process that is handed many shards.
public actor DetectionWorker {
    public typealias StageFactory = @Sendable (_ counters: CycleCounters) -> DetectionStage

    let makeStage: StageFactory
    let keptShards: Int
    let logger: Logger
    private var stages: [Int: (stage: DetectionStage, counters: CycleCounters, shardCount: Int)] = [:]
    private var recency: [Int] = []

    public init(keptShards: Int = 4, logger: Logger, makeStage: @escaping StageFactory) {
        self.makeStage = makeStage
        self.keptShards = max(1, keptShards)
        self.logger = logger
    }

    /// Scores one shard's window; returns what it did (`instances` counts the shard's).
    public func handle(_ task: DetectionShardTask) async throws -> AgentMetrics {
        let started = ContinuousClock.now
        let entry = stage(for: task)
        _ = entry.counters.take()
        try await entry.stage.run(task.instances, after: task.windowStart, through: task.windowEnd)
        var metrics = entry.counters.take()
        metrics.windowStart = task.windowStart
        metrics.windowEnd = task.windowEnd
        metrics.detectSeconds = Agent.seconds(ContinuousClock.now - started)
        metrics.totalSeconds = metrics.detectSeconds
        logger.info(
            "shard done",
            metadata: [
                "aiops.cycle-id": "\(task.cycleID)", "aiops.shard": "\(task.shard)/\(task.shardCount)",
                "aiops.counters": "\(metrics.summary)",
            ])
        return metrics
    }

    /// The shard's stage: kept while the shard count stays (a new count moves instances between
    /// shards, and the stage drops the detectors of instances no longer in its shard anyway).
    private func stage(for task: DetectionShardTask) -> (
        stage: DetectionStage, counters: CycleCounters, shardCount: Int
    ) {
        recency.removeAll { $0 == task.shard }
        recency.append(task.shard)
        if let kept = stages[task.shard], kept.shardCount == task.shardCount { return kept }
        let counters = CycleCounters()
        let entry = (stage: makeStage(counters), counters: counters, shardCount: task.shardCount)
        stages[task.shard] = entry
        while recency.count > keptShards {
            stages[recency.removeFirst()] = nil
        }
        return entry
    }
}
