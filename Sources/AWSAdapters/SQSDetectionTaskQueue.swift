public import AIOpsCore
public import AWSClient
import Foundation
import Tracing

/// The detector workers' queue on SQS: shard tasks sent with `SendMessageBatch` (10 per call,
/// 256 KiB at most per call); entries SQS refuses are sent again, a few times, then the cycle fails.
/// The sending is a span (`send <queue>`) whose W3C trace context (`traceparent`, `tracestate`)
/// every task carries in its message attributes, so the workers' invocations join the cycle's trace.
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
        let queue = queueURL.split(separator: "/").last.map(String.init) ?? queueURL
        try await withSpan("send \(queue)", ofKind: .producer) { span in
            span.attributes["messaging.system"] = "aws_sqs"
            span.attributes["messaging.destination.name"] = queue
            span.attributes["aiops.shards"] = tasks.count
            var traceContext: [String: SNSMessageAttribute] = [:]
            InstrumentationSystem.tracer.inject(
                ServiceContext.current ?? .topLevel, into: &traceContext, using: SNSAttributeInjector())
            try await send(tasks, attributes: traceContext.mapValues(\.value))
        }
    }

    private func send(_ tasks: [DetectionShardTask], attributes: [String: String]) async throws {
        var entries: [SQSBatchEntry] = []
        for task in tasks {
            let entry = SQSBatchEntry(
                id: "shard-\(task.shard)", body: String(decoding: try EventCodec.encode(task), as: UTF8.self),
                attributes: attributes)
            guard entry.size <= SQSClient.maxBatchBytes else {
                throw AIOpsError(
                    .invalidInput,
                    "shard \(task.shard) of \(task.shardCount) (\(task.instances.count) instances) encodes to "
                        + "\(entry.size) bytes, over SQS's 256 KiB: lower AIOPS_SHARD_SIZE")
            }
            entries.append(entry)
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

    /// Consecutive groups of at most 10 entries and 256 KiB of bodies and attributes.
    static func batches(_ entries: [SQSBatchEntry]) -> [[SQSBatchEntry]] {
        var batches: [[SQSBatchEntry]] = []
        var current: [SQSBatchEntry] = []
        var bytes = 0
        for entry in entries {
            let size = entry.size
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
