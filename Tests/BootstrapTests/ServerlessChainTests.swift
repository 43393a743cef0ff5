import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// The five functions as Lambda runs them: the built `bootstrap`, one process per function, fed
/// documented events by a Runtime API on loopback, against moto. Each stage's output is read back
/// from AWS (SNS through an SQS queue, DynamoDB) and handed to the next stage, as AWS would.
/// The pipeline functions export their spans (OTLP/HTTP) to a receiver on loopback: the incident is
/// one trace across them. The `api` function runs with tracing off, as by default.
@Suite(.serialized) struct ServerlessChainTests {
    @Test func scheduleToAnomalyToIncidentToRebootToAPI() async throws {
        let moto = try Moto(ownServer: true)
        let world = try await ChainWorld(moto: moto)
        let otlp = try await OTLPReceiver()
        let traced = world.environment.merging(otlp.environment) { $1 }

        // detector: a scheduled event → one cycle → the anomaly on the anomaly topic.
        // Each function has a Runtime API of its own, as each has its own execution environment.
        var runtime = try RuntimeAPIServer()
        let detector = try BootstrapProcess(
            handler: "detector", runtimeAPI: runtime.endpoint, environment: traced)
        defer { detector.stop() }
        let cycle = runtime.invoke(ChainWorld.scheduledEvent)
        #expect(cycle?.kind == .response, "detector: \(cycle?.body ?? "no answer")\n\(detector.output)")
        #expect(cycle?.body.contains(#""anomalies":1"#) == true, "\(cycle?.body ?? "")\n\(detector.output)")
        let anomalies = try await moto.receive(world.anomalyQueue, count: 1)
        let anomaly = try #require(anomalies.first, "no anomaly on the topic\n\(detector.output)")
        let anomalyMessage = try SNSNotification(anomaly)
        #expect(anomalyMessage.attributes["type"] == AnomalyEvent.type)
        let anomalyEvent = try EventCodec.decodeAnomaly(Data(anomalyMessage.message.utf8))
        #expect(anomalyEvent.instance.id == world.instanceID)
        #expect(anomalyEvent.anomaly.value == 97)
        EMFLines.expect(
            detector.output, function: "detector",
            [
                "aiops_cycles_total": ["outcome": "ok"], "aiops_anomalies_total": [:], "aiops_series_scored_total": [:],
                "aiops_getmetricdata_metrics_total": [:], "aiops_cycle_duration_seconds": [:],
                "aiops_aws_requests_total": ["operation": "GetMetricData", "outcome": "success"],
                "aiops_build_info": [:],
            ])
        detector.stop()
        runtime.stop()

        // rca: that SNS message → the incident in DynamoDB, critical, and the alert on its topic.
        runtime = try RuntimeAPIServer()
        let rca = try BootstrapProcess(handler: "rca", runtimeAPI: runtime.endpoint, environment: traced)
        defer { rca.stop() }
        let analysed = runtime.invoke(Moto.snsEvent(anomaly, topicARN: world.anomalyTopic))
        #expect(analysed?.kind == .response, "rca: \(analysed?.body ?? "no answer")\n\(rca.output)")
        #expect(analysed?.body.contains(#""severity":"critical""#) == true, "\(analysed?.body ?? "")\n\(rca.output)")
        let store = DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: world.table)
        let incident = try #require(
            try await store.openIncident(instanceID: world.instanceID, metric: nil), "\(rca.output)")
        #expect(incident.severity == .critical)
        #expect(incident.summary.contains("OutOfMemoryError"), "\(incident.summary)")
        let alerts = try await moto.receive(world.criticalQueue, count: 1)
        let alert = try #require(alerts.first, "no critical alert on the topic\n\(rca.output)")
        let alertEvent = try EventCodec.decodeCriticalAlert(Data(try SNSNotification(alert).message.utf8))
        #expect(alertEvent.incident.id == incident.id)
        EMFLines.expect(rca.output, function: "rca", ["aiops_incidents_opened_total": ["severity": "critical"]])
        rca.stop()
        runtime.stop()

        // remediation: that alert → the reboot, in the audit trail and at EC2; once only.
        runtime = try RuntimeAPIServer()
        let remediation = try BootstrapProcess(
            handler: "remediation", runtimeAPI: runtime.endpoint,
            environment: traced.merging(["AWS_ENDPOINT_URL_EC2": world.ec2Proxy.url.absoluteString]) { $1 })
        defer { remediation.stop() }
        let alertDelivery = Moto.snsEvent(alert, topicARN: world.criticalTopic)
        let healed = runtime.invoke(alertDelivery)
        #expect(healed?.kind == .response, "remediation: \(healed?.body ?? "no answer")\n\(remediation.output)")
        let trail = try await store.audit(incidentID: incident.id, limit: 50)
        #expect(
            trail.contains { $0.action == "reboot" && $0.outcome == "executed" },
            "\(trail.map { "\($0.action) \($0.outcome)" })\n\(remediation.output)")
        let reboots = world.ec2Proxy.calls.filter { $0["Action"] == "RebootInstances" }
        #expect(reboots.map { $0["InstanceId.1"] } == [world.instanceID])
        let again = runtime.invoke(alertDelivery)
        #expect(again?.body.contains(#""duplicate":true"#) == true, "\(again?.body ?? "")")
        #expect(world.ec2Proxy.calls.filter { $0["Action"] == "RebootInstances" }.count == 1)
        EMFLines.expect(
            remediation.output, function: "remediation",
            ["aiops_actions_total": ["kind": "reboot"]])
        remediation.stop()
        runtime.stop()

        // The spans were exported before each response was posted: the incident is one trace.
        ChainTrace.expect(
            try otlp.spans(), anomalyTopic: world.anomalyTopic, criticalTopic: world.criticalTopic,
            logs: "\(otlp.stderr)\n\(detector.output)\n\(rca.output)\n\(remediation.output)")

        // api: the incident list through the dashboard's router, with and without the token.
        runtime = try RuntimeAPIServer()
        defer { runtime.stop() }
        let api = try BootstrapProcess(
            handler: "api", runtimeAPI: runtime.endpoint,
            environment: world.environment.merging(["AIOPS_API_TOKEN": ChainWorld.token]) { $1 })
        defer { api.stop() }
        let listed = runtime.invoke(ChainWorld.apiEvent(path: "/api/v1/incidents", token: ChainWorld.token))
        let listing = try #require(listed, "api: no answer\n\(api.output)")
        let response = try JSONDecoder().decode(GatewayResponse.self, from: Data(listing.body.utf8))
        #expect(response.statusCode == 200, "\(listing.body)\n\(api.output)")
        #expect(response.body?.contains(incident.id) == true, "\(response.body ?? "")")
        let refused = runtime.invoke(ChainWorld.apiEvent(path: "/api/v1/incidents", token: "wrong"))
        #expect(refused.map { $0.body.contains(#""statusCode":401"#) } == true, "\(refused?.body ?? "")")
        let stream = runtime.invoke(ChainWorld.apiEvent(path: "/api/v1/events", token: ChainWorld.token))
        #expect(stream?.body.contains(#""statusCode":501"#) == true, "\(stream?.body ?? "")")
        let page = runtime.invoke(ChainWorld.apiEvent(path: "/", token: nil))
        let pageResponse = try JSONDecoder().decode(GatewayResponse.self, from: Data((page?.body ?? "{}").utf8))
        #expect(pageResponse.statusCode == 200)
        #expect(pageResponse.headers?["content-type"]?.hasPrefix("text/html") == true)
    }
}

/// The payload 2.0 response, as API Gateway reads it.
struct GatewayResponse: Decodable {
    var statusCode: Int
    var headers: [String: String]?
    var body: String?
    var isBase64Encoded: Bool?
}

/// An SNS notification as delivered to SQS (and, as the `Sns` record, to Lambda).
struct SNSNotification {
    var message: String
    var attributes: [String: String]

    init(_ json: String) throws {
        struct Attribute: Decodable {
            var Value: String
        }
        struct Document: Decodable {
            var Message: String
            var MessageAttributes: [String: Attribute]?
        }
        let document = try JSONDecoder().decode(Document.self, from: Data(json.utf8))
        message = document.Message
        attributes = (document.MessageAttributes ?? [:]).mapValues(\.Value)
    }
}
