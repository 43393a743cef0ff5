/// Where the shards of a large fleet's cycle go: an SQS queue read by the detector workers on AWS.
public protocol DetectionTaskQueue: Sendable {
    /// Sends every task, or throws (the cycle then fails and its window is retried: a task sent
    /// twice is scored twice to the same events, which later stages recognise).
    func send(_ tasks: [DetectionShardTask]) async throws
}
