import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Logging
import Pipeline
import TestSupport
import Testing

/// 200 KB and 1 MB log lines in the anomaly window, with the incident stored in DynamoDB and the
/// alert published on SNS (moto): both writes succeed, within their budgets, and the lines say
/// they were cut.
@Suite struct BoundedPayloadMotoTests {
    /// Health checks, and around `at` the given lines.
    struct Lines: LogSource {
        var at: Date
        var lines: [String]
        func events(instanceID: String, from start: Date, to end: Date) -> [AIOpsCore.LogEvent] {
            lines.enumerated().map {
                AIOpsCore.LogEvent(timestamp: at.addingTimeInterval(Double($0.offset - 10)), message: $0.element)
            }
            .filter { start <= $0.timestamp && $0.timestamp < end }
        }
    }

    /// Every new ERROR line is a finding with itself as example.
    struct ErrorLines: RootCauseAnalyzing {
        func windows(around time: Date) -> LogWindows { .around(time) }
        func analyze(
            anomaly: Anomaly, instance: Instance, window: [AIOpsCore.LogEvent], baseline: [AIOpsCore.LogEvent],
            windows: LogWindows
        ) -> Analysis {
            let errors = window.filter { $0.message.hasPrefix("ERROR") }
            let findings = errors.enumerated().map {
                Finding(
                    templateID: "t\($0.offset)", template: $0.element.message, level: .error, count: 1, baselineRate: 0,
                    novelty: .new, firstSeen: $0.element.timestamp, examples: [$0.element.message], rank: 1)
            }
            return Analysis(
                findings: findings, summary: errors.first.map { "cpu on \(instance.id): \($0.message)" } ?? "",
                hasErrorEvidence: !errors.isEmpty, linesExamined: window.count)
        }
    }

    struct NoMetrics: MetricSource {
        func fetch(_ query: MetricQuery) -> [MetricSeries] { [] }
    }

    @Test(arguments: [200 * 1_024, 1_024 * 1_024])
    func hugeLinesAreStoredAndAlertedCut(bytes: Int) async throws {
        let moto = try Moto()
        let dynamoDB = DynamoDBClient(executor: moto.executor)
        let table = Moto.unique("aiops-bounds")
        let store = DynamoDBIncidentStore(dynamoDB: dynamoDB, table: table)
        try await store.createTableIfMissing()
        let sns = SNSClient(executor: moto.executor)
        let topic = try await sns.createTopic(name: Moto.unique("aiops-critical"))
        let queue = try await moto.queue(subscribedTo: topic, prefix: "inbox")
        let publisher = SNSEventPublisher(sns: sns, anomalyTopicARN: topic, criticalTopicARN: topic)

        let now = Date()
        let instance = Instance(id: "i-0b0unded0000000001", name: "web-1", tags: ["aiops:monitor": "true"])
        let dump =
            "ERROR java.lang.IllegalStateException:"
            + String(repeating: " at com.example.Worker.run(Worker.java:42)", count: bytes / 42 + 1)
        var broken = Array("ERROR bad bytes ".utf8) + [0xFF, 0xC0, 0xAF]
        broken += Array(String(repeating: "ü", count: 2_000).utf8) + [0xE2, 0x82]
        // The broken line first: findings past the budget's ten are dropped, the first kept.
        let lines = [String(decoding: broken, as: UTF8.self)] + (0..<12).map { "ERROR \($0) " + dump }
        let stage = AnalysisStage(
            configuration: AgentConfiguration(), store: store,
            logs: Lines(at: now.addingTimeInterval(-60), lines: lines),
            metrics: NoMetrics(), analyzer: ErrorLines(), alerts: publisher, clock: SystemClock(),
            logger: Logger(label: "test"))
        let anomaly = Anomaly(
            instanceID: instance.id, metric: .cpuUtilization, timestamp: now.addingTimeInterval(-60), value: 97,
            score: 0.9, threshold: 0.8, expected: 0...80, detector: "threshold")
        let event = AnomalyEvent(
            eventID: Moto.unique("evt"), instance: instance, anomaly: anomaly,
            recent: [MetricPoint(timestamp: anomaly.timestamp, value: 97)], statusChecksFailing: false, detectedAt: now)

        let outcome = try await stage.handle(event)
        let incident = try #require(outcome.incident)
        #expect(incident.severity == .critical)
        let stored = try #require(try await store.incident(id: incident.id))
        #expect(stored.findings == incident.findings)
        let examples = stored.findings.flatMap(\.examples)
        #expect(
            examples.filter { $0.hasPrefix("ERROR ") && $0.contains("IllegalStateException") }.allSatisfy {
                PayloadBudget.isTruncated($0) && $0.utf8.count <= PayloadBudget.standard.lineBytes
            })
        #expect(examples.contains { $0.hasPrefix("ERROR bad bytes \u{FFFD}") })
        let item = try #require(
            try await dynamoDB.getItem(
                table: table, key: ["pk": .s("INC#\(incident.id)"), "sk": .s("META")], consistentRead: true))
        let itemBytes = item.reduce(0) { $0 + $1.key.utf8.count + ($1.value.string?.utf8.count ?? 8) }

        var bodies: [String] = []
        for _ in 0..<20 where bodies.isEmpty {
            bodies += try await moto.receive(queue)
        }
        let first = try #require(bodies.first)
        let envelope = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let message = Data(try #require(envelope["Message"] as? String).utf8)
        let alert = try EventCodec.decodeCriticalAlert(message)
        #expect(alert.incident.id == incident.id)
        #expect(
            alert.incident.findings.flatMap(\.examples).allSatisfy { $0.utf8.count <= PayloadBudget.standard.lineBytes }
        )
        #expect(message.count <= PayloadBudget.standard.documentBytes)
        print(
            "bounded payloads, \(bytes)-byte lines ×12: DynamoDB item ≈ \(itemBytes) bytes, SNS message \(message.count) bytes"
        )
    }
}
