public import AIOpsCore
public import AWSClient
import Foundation

/// The detector workers' queue on SQS: shard tasks sent with `SendMessageBatch` (10 per call,
/// 256 KiB at most per call); entries SQS refuses are sent again, a few times, then the cycle fails.
public struct SQSDetectionTaskQueue: DetectionTaskQueue {
    let sqs: any SQSAPI
    let queueURL: String

    /// How many times refused entries are sent.
    static let attempts = 4

    public init(sqs: any SQSAPI, queueURL: String) {
        self.sqs = sqs
        self.queueURL = queueURL
    }

    public func send(_ tasks: [DetectionShardTask]) async throws {
        var entries: [SQSBatchEntry] = []
        for task in tasks {
            let body = String(decoding: try EventCodec.encode(task), as: UTF8.self)
            guard body.utf8.count <= SQSClient.maxBatchBytes else {
                throw AIOpsError(
                    .invalidInput,
                    "shard \(task.shard) of \(task.shardCount) (\(task.instances.count) instances) encodes to "
                        + "\(body.utf8.count) bytes, over SQS's 256 KiB: lower AIOPS_SHARD_SIZE")
            }
            entries.append(SQSBatchEntry(id: "shard-\(task.shard)", body: body))
        }
        for batch in Self.batches(entries) {
            var pending = batch
            for attempt in 1...Self.attempts where !pending.isEmpty {
                if attempt > 1 { try await Task.sleep(for: .milliseconds(100 * (1 << (attempt - 2)))) }
                let failed: [String: String]
                do {
                    failed = try await sqs.sendMessageBatch(queueURL: queueURL, entries: pending)
                } catch let error as AWSError {
                    throw AIOpsError(
                        .unavailable, "sending the detection shards to SQS failed: \(error)", underlying: error)
                }
                pending = pending.filter { failed[$0.id] != nil }
                if attempt == Self.attempts, let reason = failed.values.first {
                    throw AIOpsError(
                        .unavailable,
                        "SQS refused \(pending.count) detection shards after \(Self.attempts) attempts: \(reason)")
                }
            }
        }
    }

    /// Consecutive groups of at most 10 entries and 256 KiB of bodies.
    static func batches(_ entries: [SQSBatchEntry]) -> [[SQSBatchEntry]] {
        var batches: [[SQSBatchEntry]] = []
        var current: [SQSBatchEntry] = []
        var bytes = 0
        for entry in entries {
            let size = entry.body.utf8.count
            if current.count == SQSClient.maxBatchEntries || bytes + size > SQSClient.maxBatchBytes {
                batches.append(current)
                current = []
                bytes = 0
            }
            current.append(entry)
            bytes += size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
