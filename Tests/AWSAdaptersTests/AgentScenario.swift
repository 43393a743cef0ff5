import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// The seed's story on moto, for the tests that run whole agent cycles: three watched instances
/// with 14 days of CPU history ending in a spike, error logs around the spike, queues subscribed
/// to the two topics, and models trained by `aiops train --instance-id`.
///
/// - `healer` opted in to remediation (`remediateTag`), scored by its own model `<id>.json`;
/// - `watched` not opted in, scored by `default.json` (trained on its history);
/// - `broken` has an unreadable model file: it must be skipped, the rest of the cycle not.
struct AgentScenario {
    let moto: Moto
    let table: String
    let logGroup: String
    let monitorTag: String
    let remediateTag: String
    let healer: String
    let watched: String
    let broken: String
    let modelDirectory: TemporaryDirectory
    let anomalyQueue: String
    let criticalQueue: String

    /// Seeds moto and trains the models (through the `aiops` executable, against moto directly).
    static func seed() async throws -> AgentScenario {
        let moto = try Moto()
        let monitorKey = Moto.unique("aiops:watch")
        let remediateKey = Moto.unique("aiops:heal")
        let healer = try await moto.runInstances(
            count: 1, tags: [monitorKey: "true", remediateKey: "true", "Name": "checkout"])[0]
        let watched = try await moto.runInstances(count: 1, tags: [monitorKey: "true", "Name": "search"])[0]
        let broken = try await moto.runInstances(count: 1, tags: [monitorKey: "true", "Name": "legacy"])[0]

        // The spike covers the periods a cycle started now or a little later looks at.
        let now = Date()
        let period = (now.timeIntervalSince1970 / 300).rounded(.down) * 300
        for (instance, days) in [(healer, 14), (watched, 14), (broken, 1)] {
            let points = (0..<(days * 288)).map { step -> (Date, Double) in
                let time = period - Double(step) * 300
                let value = step <= 2 ? 97 : 25 + 8 * sin(Double(step) / 12) + Double(step * 37 % 11) / 2
                return (Date(timeIntervalSince1970: time), value)
            }
            for chunk in stride(from: 0, to: points.count, by: 1000) {
                try await moto.seedMetric(
                    namespace: "AWS/EC2", name: "CPUUtilization", instanceID: instance,
                    points: Array(points[chunk..<min(chunk + 1000, points.count)]))
            }
        }

        let logGroup = Moto.unique("/aiops/app")
        let logs = CloudWatchLogsClient(executor: moto.executor)
        try await logs.createLogGroup(logGroup)
        for instance in [healer, watched] {
            let stream = "\(instance)/messages"
            try await logs.createLogStream(group: logGroup, name: stream)
            var events = (1...24).map {
                InputLogEvent(
                    timestamp: Self.millis(now.addingTimeInterval(-Double($0) * 300 - 1200)),
                    message: "INFO GET /health 200 in 3 ms")
            }
            events += (1...12).map {
                InputLogEvent(
                    timestamp: Self.millis(now.addingTimeInterval(-Double($0) * 60)),
                    message: "ERROR java.lang.OutOfMemoryError: Java heap space in worker \($0)")
            }
            try await logs.putLogEvents(group: logGroup, stream: stream, events.sorted { $0.timestamp < $1.timestamp })
        }

        let sns = SNSClient(executor: moto.executor)
        var queues: [String] = []
        for topic in ["aiops-anomalies", "aiops-critical-alerts"] {
            let arn = try await sns.createTopic(name: topic)
            queues.append(try await moto.queue(subscribedTo: arn, prefix: "inbox"))
        }

        let models = try TemporaryDirectory("models")
        let environment = try MotoServer.shared().environment
        for (instance, file) in [(healer, "\(healer).json"), (watched, "default.json")] {
            let trained = try Subprocess.aiops(
                [
                    "train", "--instance-id", instance, "--days", "14", "--detector", "isolation-forest", "--out",
                    models.file(file).path,
                ],
                environment: environment, timeout: 300)
            try #require(trained.status == 0, "\(trained.stderr)")
        }
        _ = try models.write("\(broken).json", #"{"format": "aiops-model", "formatVersion": 1, "kind": "#)

        return AgentScenario(
            moto: moto, table: Moto.unique("aiops-events"), logGroup: logGroup,
            monitorTag: "\(monitorKey)=true", remediateTag: "\(remediateKey)=true", healer: healer,
            watched: watched, broken: broken, modelDirectory: models, anomalyQueue: queues[0],
            criticalQueue: queues[1])
    }

    static func millis(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    /// What `aiops` needs: the endpoint (moto, or a proxy in front of it), dummy credentials and
    /// the `AIOPS_*` variables.
    func environment(endpoint: URL, extra: [String: String] = [:]) -> [String: String] {
        [
            "AWS_ENDPOINT_URL": endpoint.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "",
            "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AIOPS_TABLE": table, "AIOPS_MONITOR_TAG": monitorTag,
            "AIOPS_REMEDIATE_TAG": remediateTag, "AIOPS_LOG_GROUPS": logGroup,
            "AIOPS_MODEL_DIR": modelDirectory.url.path,
        ].merging(extra) { $1 }
    }

    var store: DynamoDBIncidentStore {
        DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: table)
    }

    /// Starts `aiops run --aws --interval 5s` with `arguments` and waits until a cycle reports
    /// both of the scenario's anomalies.
    func runAgent(_ arguments: [String], environment: [String: String]) async throws -> BackgroundProcess {
        let agent = try BackgroundProcess.aiops(
            ["run", "--aws", "--interval", "5s"] + arguments, environment: environment)
        let cycled = try await agent.wait(timeout: 240) { output in
            output.split(separator: "\n").contains { $0.hasPrefix("{") && $0.contains(#""anomalies":2"#) }
        }
        try #require(cycled, "stdout: \(agent.stdout)\nstderr: \(agent.stderr)")
        return agent
    }

    /// The messages of this scenario's instances that reached `queue` (other tests publish to
    /// the same topics).
    func messages(in queue: String) async throws -> [Data] {
        var bodies: [String] = []
        while true {
            let batch = try await moto.receive(queue, visibilityTimeout: 3600)
            if batch.isEmpty { break }
            bodies += batch
        }
        let ours = Set([healer, watched, broken])
        return try bodies.compactMap { body in
            let envelope = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
            let message = Data(((envelope?["Message"] as? String) ?? "").utf8)
            let fields = try JSONSerialization.jsonObject(with: message) as? [String: Any]
            let instance = (fields?["instance"] as? [String: Any])?["id"] as? String
            return instance.map { ours.contains($0) ? message : nil } ?? nil
        }
    }

    func anomalies() async throws -> [AnomalyEvent] {
        try await messages(in: anomalyQueue).map { try EventCodec.decodeAnomaly($0) }
    }

    func criticalAlerts() async throws -> [CriticalAlert] {
        try await messages(in: criticalQueue).map { try EventCodec.decodeCriticalAlert($0) }
    }

    /// Checks what one complete cycle must leave behind, whatever the faults on the way: one
    /// anomaly and one critical alert per scored instance, one critical incident each with its
    /// log evidence, exactly one reboot (of the opted-in instance), and nothing done to the other.
    ///
    /// - Parameter redelivered: SNS may deliver a message twice when a `Publish` reached it but its
    ///   reply was lost (the retry publishes again; consumers drop the copy by event id). Then
    ///   messages are counted by id.
    func expectOneCompleteCycle(stderr: String, redelivered: Bool = false) async throws {
        var anomalies = try await anomalies()
        var alerts = try await criticalAlerts()
        if redelivered {
            anomalies = Dictionary(anomalies.map { ($0.eventID, $0) }) { first, _ in first }.values.map { $0 }
            alerts = Dictionary(alerts.map { ($0.alertID, $0) }) { first, _ in first }.values.map { $0 }
        }
        #expect(anomalies.map(\.instance.id).sorted() == [healer, watched].sorted(), "\(anomalies.map(\.eventID))")
        #expect(anomalies.allSatisfy { $0.anomaly.value == 97 })
        #expect(alerts.map(\.instance.id).sorted() == [healer, watched].sorted(), "\(alerts.map(\.alertID))")

        let store = self.store
        for instance in [healer, watched] {
            let incidents = try await store.incidents(
                matching: IncidentFilter(instanceID: instance), limit: 10, cursor: nil
            ).items
            #expect(incidents.count == 1, "\(instance): \(incidents.map(\.id))")
            let incident = try #require(incidents.first)
            #expect(incident.severity == .critical)
            #expect(incident.findings.contains { $0.level == .error && $0.template.contains("OutOfMemoryError") })
        }
        #expect(
            try await store.incidents(matching: IncidentFilter(instanceID: broken), limit: 10, cursor: nil).items
                .isEmpty)
        #expect(stderr.contains(modelDirectory.file("\(broken).json").path), "\(stderr)")

        let reboots = try await store.actions(incidentID: nil, instanceID: healer, since: nil, limit: 50)
        #expect(reboots.count == 1 && reboots.first?.kind == .reboot, "\(reboots)")
        let audit = try await store.audit(incidentID: nil, limit: 500)
        let executed = audit.filter { $0.outcome == "executed" && [healer, watched].contains($0.instanceID ?? "") }
        #expect(executed.count == 1, "\(executed)")
        #expect(executed.first?.instanceID == healer && executed.first?.action == "reboot")
        let untouched = try await store.actions(incidentID: nil, instanceID: watched, since: nil, limit: 50)
        #expect(untouched.allSatisfy { $0.status == .skipped }, "\(untouched)")
        let decisions = audit.filter { $0.instanceID == healer || $0.instanceID == watched }
        #expect(Set(decisions.map(\.id)).count == decisions.count)
    }
}
