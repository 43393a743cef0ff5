import AIOpsCore
import Composition
import Foundation
import LambdaRuntime
import Logging
import Pipeline

/// `detector`: on each scheduled event, one detection cycle over the watched instances; each
/// anomaly goes to the anomaly topic as an `AnomalyEvent`. With `AIOPS_SHARD_QUEUE_URL`, a fleet
/// of more than `AIOPS_SHARD_SIZE` instances is split into shards for `detector-worker` instead.
struct DetectorFunction: LambdaHandler {
    let agent: Agent

    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        return DetectorFunction(
            agent: FunctionStages.detector(
                configuration: aws.agentConfiguration(), ports: aws.ports, detectors: try aws.detectorProvider(),
                publisher: try await aws.eventPublisher(), logger: startup.logger, fanOut: aws.fanOut()))
    }

    func handle(_ event: ScheduledEvent, context: LambdaContext) async throws -> AgentMetrics {
        try await agent.runCycle()
    }
}

/// `detector-worker`: the shards the scheduled `detector` sends through SQS, each scored as the
/// in-process detector scores its fleet. A shard that fails is reported as a batch item failure,
/// so only it goes back to the queue (and, after its receive count, to the dead-letter queue).
struct DetectorWorkerFunction: LambdaHandler {
    let worker: DetectionWorker
    let logger: Logger

    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        return DetectorWorkerFunction(
            worker: FunctionStages.detectorWorker(
                configuration: aws.agentConfiguration(), ports: aws.ports, detectors: try aws.detectorProvider(),
                publisher: try await aws.eventPublisher(), logger: startup.logger),
            logger: startup.logger)
    }

    func handle(_ event: SQSEvent, context: LambdaContext) async throws -> Report {
        var report = Report(batchItemFailures: [], shards: [])
        for record in event.records {
            do {
                let task = try EventCodec.decodeShardTask(Data(record.body.utf8))
                let metrics = try await worker.handle(task)
                report.shards.append(
                    Report.Shard(
                        cycleID: task.cycleID, shard: task.shard, shardCount: task.shardCount,
                        instanceIDs: task.instances.map(\.id), metrics: metrics))
            } catch {
                logger.error(
                    "shard failed; back to the queue",
                    metadata: ["aiops.message-id": "\(record.messageID)", "aiops.error": "\(error)"])
                report.batchItemFailures.append(SQSBatchResponse.ItemFailure(itemIdentifier: record.messageID))
            }
        }
        return report
    }

    /// The partial batch response, with what each shard did (for logs and tests).
    struct Report: Encodable {
        struct Shard: Encodable {
            var cycleID: String
            var shard: Int
            var shardCount: Int
            var instanceIDs: [String]
            var metrics: AgentMetrics
        }
        var batchItemFailures: [SQSBatchResponse.ItemFailure]
        var shards: [Shard]
    }
}
