import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// The detector's fan-out as Lambda runs it: the built `bootstrap` as the scheduled `detector`
/// (sending shards to an SQS queue on moto) and as two `detector-worker` environments fed the
/// queue's messages as SQS events, against moto. The large fleet's functions export their spans to
/// a receiver on loopback: the workers' invocations are in the scheduling detector's trace.
@Suite(.serialized) struct FanOutTests {
    /// Seven watched instances in shards of two: every instance is scored by exactly one worker
    /// invocation, the spiking one's anomaly is published once, and every snapshot is written.
    /// Each worker invocation's span is the child of the detector's `send` span (the shard task's
    /// `traceparent` message attribute), in the detector's trace; the exports carry the headers
    /// named by an `ssm:` reference, read from the parameter, never logged.
    @Test func largeFleetIsShardedAndEachInstanceScoredOnce() async throws {
        let moto = try Moto(ownServer: true)
        let fleet = try await FanOutFleet(moto: moto, instances: 7)
        let shardQueue = try await fleet.createQueue(moto)
        let otlp = try await OTLPReceiver()
        // The collector's API key from an SSM SecureString, as Terraform stores it.
        let apiKey = "key-\(UUID().uuidString)"
        let headers = "/aiops/\(UUID().uuidString.prefix(8))/otlp/headers"
        try await moto.putSecureParameter(name: headers, value: "x-api-key=\(apiKey)")
        let environment = fleet.environment.merging(otlp.environment) { $1 }.merging([
            "AIOPS_SHARD_SIZE": "2", "AIOPS_SHARD_QUEUE_URL": shardQueue,
            "OTEL_EXPORTER_OTLP_HEADERS": "ssm:\(headers)",
        ]) { $1 }

        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let detector = try BootstrapProcess(handler: "detector", runtimeAPI: runtime.endpoint, environment: environment)
        defer { detector.stop() }
        let cycle = try #require(runtime.invoke(ChainWorld.scheduledEvent), "detector: no answer\n\(detector.output)")
        #expect(cycle.kind == .response, "\(cycle.body)\n\(detector.output)")
        let scheduled = try JSONDecoder().decode(CycleCounts.self, from: Data(cycle.body.utf8))
        #expect(scheduled.instances == 7, "\(cycle.body)")
        #expect(scheduled.seriesScored == 0, "the scheduler scored in process: \(cycle.body)")
        #expect((2...4).contains(scheduled.shardsDispatched), "\(cycle.body)")

        let messages = try await fleet.receive(moto, shardQueue, count: scheduled.shardsDispatched)
        #expect(messages.count == scheduled.shardsDispatched)
        #expect(
            messages.allSatisfy { $0.attributes["traceparent"] != nil }, "SendMessageBatch lost the trace context")

        // Two worker environments, the shards dealt alternately, as Lambda's poller might.
        let runtimes = [try RuntimeAPIServer(), try RuntimeAPIServer()]
        defer { for runtime in runtimes { runtime.stop() } }
        let workers = try runtimes.map {
            try BootstrapProcess(handler: "detector-worker", runtimeAPI: $0.endpoint, environment: environment)
        }
        defer { for worker in workers { worker.stop() } }
        var scored: [String] = []
        var seriesScored = 0
        for (index, message) in messages.enumerated() {
            let worker = index % 2
            let answer = try #require(
                runtimes[worker].invoke(FanOutFleet.sqsEvent([message])), "worker: no answer\n\(workers[worker].output)"
            )
            #expect(answer.kind == .response, "\(answer.body)\n\(workers[worker].output)")
            let report = try JSONDecoder().decode(WorkerReport.self, from: Data(answer.body.utf8))
            #expect(report.batchItemFailures.isEmpty, "\(answer.body)\n\(workers[worker].output)")
            for shard in report.shards {
                #expect(shard.shardCount == 4, "ceil(7 / 2) shards")
                scored += shard.instanceIDs
                seriesScored += shard.metrics.seriesScored
            }
        }
        #expect(scored.count == 7, "\(scored)")
        #expect(Set(scored) == Set(fleet.instanceIDs), "\(scored.sorted()) vs \(fleet.instanceIDs.sorted())")
        #expect(seriesScored == 7)
        let spans = try otlp.spans()
        Self.expectOneTrace(spans, workerInvocations: messages.count, logs: otlp.stderr)
        #expect(!spans.isEmpty && spans.allSatisfy { $0.export_headers?["x-api-key"] == apiKey }, "the SSM headers")
        for output in [detector.output] + workers.map(\.output) { #expect(!output.contains(apiKey)) }

        let anomalies = try await moto.receive(fleet.anomalyQueue, count: 1)
        let events = try anomalies.map { try EventCodec.decodeAnomaly(Data(try SNSNotification($0).message.utf8)) }
        #expect(events.map(\.instance.id) == [fleet.instanceIDs[0]], "\(events.map(\.instance.id))")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await moto.receive(fleet.anomalyQueue).isEmpty, "an anomaly was published twice")

        let store = DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: fleet.table)
        let snapshots = try await store.snapshots()
        #expect(snapshots.map(\.instance.id).sorted() == fleet.instanceIDs.sorted())
        #expect(snapshots.first { $0.instance.id == fleet.instanceIDs[0] }?.health == .degraded)

        // A task that is not one: reported as a failed item (back to the queue, then to the
        // dead-letter queue), the process keeps serving.
        let bad = try #require(runtimes[0].invoke(FanOutFleet.sqsEvent([#"{"type":"aiops.detection-shard"}"#])))
        #expect(bad.kind == .response)
        #expect(bad.body.contains(#""itemIdentifier":"msg-0""#), "\(bad.body)")
        #expect(workers[0].isRunning)
    }

    /// The detector's cycle and the workers' invocations as one trace: each worker's root span
    /// is the child of the detector's `send` span.
    static func expectOneTrace(_ spans: [OTLPReceiver.Span], workerInvocations: Int, logs: String) {
        let names = spans.map { "\($0.service ?? "?") \($0.name) \($0.span_id)←\($0.parent_span_id)" }
        let detector = spans.filter { $0.service == "aiops-detector" }
        guard let root = detector.first(where: { $0.name == "detector" }),
            let send = detector.first(where: { $0.name.hasPrefix("send aiops-detector-shards") })
        else {
            Issue.record("no detector or send span: \(names)\n\(logs)")
            return
        }
        #expect(send.attributes["messaging.system"] == "aws_sqs", "\(send.attributes)")
        let workers = spans.filter { $0.service == "aiops-detector-worker" }
        let roots = workers.filter { $0.name == "detector-worker" }
        #expect(roots.count == workerInvocations, "\(names)")
        #expect(roots.allSatisfy { $0.parent_span_id == send.span_id }, "\(names)")
        #expect(Set((detector + workers).map(\.trace_id)) == [root.trace_id], "\(names)")
    }

    /// A fleet that fits one shard is scored by the scheduled function itself: nothing is queued.
    @Test func fleetOfOneShardIsScoredInProcess() async throws {
        let moto = try Moto(ownServer: true)
        let fleet = try await FanOutFleet(moto: moto, instances: 3)
        let shardQueue = try await fleet.createQueue(moto)
        let runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let detector = try BootstrapProcess(
            handler: "detector", runtimeAPI: runtime.endpoint,
            environment: fleet.environment.merging(["AIOPS_SHARD_SIZE": "3", "AIOPS_SHARD_QUEUE_URL": shardQueue]) {
                $1
            })
        defer { detector.stop() }
        let cycle = try #require(runtime.invoke(ChainWorld.scheduledEvent), "detector: no answer\n\(detector.output)")
        let counts = try JSONDecoder().decode(CycleCounts.self, from: Data(cycle.body.utf8))
        #expect(counts.shardsDispatched == 0, "\(cycle.body)")
        #expect(counts.seriesScored == 3, "\(cycle.body)\n\(detector.output)")
        #expect(counts.anomalies == 1, "\(cycle.body)")
        #expect(try await fleet.receive(moto, shardQueue, count: 1, timeout: 1).isEmpty)
    }

    struct CycleCounts: Decodable {
        var instances: Int
        var seriesScored: Int
        var anomalies: Int
        var shardsDispatched: Int
    }

    struct WorkerReport: Decodable {
        struct Failure: Decodable { var itemIdentifier: String }
        struct Shard: Decodable {
            var shard: Int
            var shardCount: Int
            var instanceIDs: [String]
            var metrics: CycleCounts
        }
        var batchItemFailures: [Failure]
        var shards: [Shard]
    }
}

/// `instances` watched instances on moto with three hours of quiet CPU; the first spikes on the
/// newest complete period. A fleet model, the table, the anomaly topic (read back through a
/// queue) and the functions' environment. Names are unique, so tests share the moto server.
struct FanOutFleet {
    let instanceIDs: [String]
    let table: String
    let anomalyQueue: String
    let models: TemporaryDirectory
    let environment: [String: String]

    init(moto: Moto, instances: Int) async throws {
        let fleet = try await MotoFleet(moto: moto, names: (0..<instances).map { "web-\($0)" })
        table = fleet.table
        anomalyQueue = fleet.anomalyQueue
        instanceIDs = fleet.instanceIDs
        models = try ChainWorld.trainModel()

        let spike = try await ChainWorld.newestCompletePeriod()
        for (index, id) in instanceIDs.enumerated() {
            try await moto.seedCPU(
                instanceID: id, points: MotoFleet.cpuHistory(spike: spike, peak: index == 0 ? 97 : 21))
        }
        environment = fleet.environment(moto, ["AIOPS_MODEL_DIR": models.url.path, "AIOPS_DRY_RUN": "true"])
    }

    /// A new, empty queue (the detector workers' queue); returns its URL.
    func createQueue(_ moto: Moto) async throws -> String {
        try await moto.queue("aiops-detector-shards")
    }

    /// Receives (bounded) until `count` messages arrived; deletes nothing (each is read once
    /// within its visibility timeout, 30 s by default).
    func receive(_ moto: Moto, _ queueURL: String, count: Int, timeout: TimeInterval = 60) async throws
        -> [Moto.Message]
    {
        try await moto.receiveMessages(queueURL, count: count, timeout: timeout)
    }

    /// The Lambda SQS event of `bodies`, with message ids `msg-0`, `msg-1`, ….
    static func sqsEvent(_ bodies: [String]) -> String {
        sqsEvent(bodies.map { Moto.Message(body: $0, attributes: [:]) })
    }

    /// The Lambda SQS event of `messages` (their attributes as Lambda delivers them), with message
    /// ids `msg-0`, `msg-1`, ….
    static func sqsEvent(_ messages: [Moto.Message]) -> String {
        struct Attribute: Encodable {
            var stringValue: String
            var stringListValues: [String] = []
            var binaryListValues: [String] = []
            var dataType = "String"
        }
        struct Record: Encodable {
            var messageId: String
            var receiptHandle = "handle"
            var body: String
            var messageAttributes: [String: Attribute]
            var eventSource = "aws:sqs"
            var eventSourceARN = "arn:aws:sqs:us-east-1:123456789012:aiops-detector-shards"
            var awsRegion = "us-east-1"
        }
        struct Event: Encodable { var Records: [Record] }
        let event = Event(
            Records: messages.enumerated().map {
                Record(
                    messageId: "msg-\($0.offset)", body: $0.element.body,
                    messageAttributes: $0.element.attributes.mapValues { Attribute(stringValue: $0) })
            })
        return String(decoding: (try? JSONEncoder().encode(event)) ?? Data(), as: UTF8.self)
    }
}
