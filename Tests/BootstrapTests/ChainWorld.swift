import AWSAdapters
import AWSClient
import Foundation
import TestSupport
import Testing

/// One watched, opted-in instance on moto with three hours of quiet CPU and one spike, its logs
/// turning to errors at the spike, a model for the fleet, the table, both topics (each with an SQS
/// queue to read it back), and the `AIOPS_*` environment of the functions. Names are unique, so
/// tests share the moto server.
struct ChainWorld {
    static let token = "chain-test-token-0123456789"
    static let scheduledEvent = """
        {"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event",\
        "source":"aws.events","account":"123456789012","time":"2026-11-25T18:00:00Z","region":"us-east-1",\
        "resources":["arn:aws:events:us-east-1:123456789012:rule/aiops-detector-schedule"],"detail":{}}
        """

    let instanceID: String
    let table: String
    let anomalyTopic: String
    let criticalTopic: String
    let anomalyQueue: String
    let criticalQueue: String
    let ec2Proxy: RecordingProxy
    let models: TemporaryDirectory
    let environment: [String: String]

    init(moto: LambdaMoto) async throws {
        let monitorTag = LambdaMoto.unique("aiops:monitor")
        let remediateTag = LambdaMoto.unique("aiops:remediate")
        let logGroup = LambdaMoto.unique("/aiops/target/application")
        let resources = try await ChainResources(moto: moto)
        (table, anomalyTopic, criticalTopic) = (resources.table, resources.anomalyTopic, resources.criticalTopic)
        (anomalyQueue, criticalQueue) = (resources.anomalyQueue, resources.criticalQueue)
        instanceID = try await moto.runInstance(tags: [monitorTag: "true", remediateTag: "true", "Name": "web"])
        ec2Proxy = try RecordingProxy(forwardingTo: moto.server.url)
        models = try Self.trainModel()

        let period = 300.0
        let spike = try await Self.newestCompletePeriod()
        var points = (1...36).map { (spike.addingTimeInterval(-Double($0) * period), 20 + Double($0 % 3)) }
        // Also on the period after: a cycle that starts late scores that one.
        points += [(spike, 97), (spike.addingTimeInterval(period), 97)]
        try await moto.seedCPU(instanceID: instanceID, points: points)

        var lines: [(Date, String)] = []
        for minute in stride(from: -75, through: 2, by: 1) {
            lines.append((spike.addingTimeInterval(Double(minute * 60)), "INFO GET /health 200 in 3 ms"))
        }
        for second in stride(from: -240, through: 120, by: 10) {
            lines.append(
                (
                    spike.addingTimeInterval(Double(second) + 0.5),
                    "ERROR java.lang.OutOfMemoryError: Java heap space in worker \(second % 7 + 7)"
                ))
        }
        try await moto.putLogs(group: logGroup, instanceID: instanceID, lines: lines)

        environment = moto.server.environment.merging([
            "AIOPS_MONITOR_TAG": "\(monitorTag)=true", "AIOPS_REMEDIATE_TAG": "\(remediateTag)=true",
            "AIOPS_METRICS": "CPUUtilization", "AIOPS_LOG_GROUPS": logGroup, "AIOPS_TABLE": table,
            "AIOPS_ANOMALY_TOPIC_ARN": anomalyTopic, "AIOPS_CRITICAL_TOPIC_ARN": criticalTopic,
            "AIOPS_MODEL_DIR": models.url.path, "AIOPS_DRY_RUN": "false",
        ]) { $1 }
    }

    /// The start of the newest complete 5-minute period, the one the detector's next cycle scores.
    /// Near a period's end, waits for the next so that the cycle still sees it.
    static func newestCompletePeriod() async throws -> Date {
        let period = 300.0
        let intoPeriod = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: period)
        if intoPeriod > period - 120 { try await Task.sleep(for: .seconds(period - intoPeriod + 2)) }
        let currentPeriod = (Date().timeIntervalSince1970 / period).rounded(.down) * period
        return Date(timeIntervalSince1970: currentPeriod - period)
    }

    /// `default.json`: the default streaming detector warmed on quiet CPU by `aiops train`, as the
    /// packaging puts a trained fleet model beside `bootstrap`.
    static func trainModel() throws -> TemporaryDirectory {
        let folder = try TemporaryDirectory("models")
        let start = Date(timeIntervalSince1970: 1_760_000_000)
        var csv = "timestamp,value\n"
        for index in 0..<400 {
            csv += "\(ISO8601DateFormatter().string(from: start.addingTimeInterval(Double(index * 300)))),"
            csv += "\(20 + index % 3)\n"
        }
        let data = try folder.write("history.csv", csv)
        let trained = try Subprocess.aiops(
            ["train", "--csv", data.path, "--detector", "default", "--out", folder.file("default.json").path],
            timeout: 300)
        guard trained.status == 0 else {
            throw ChainSetupError(description: "aiops train failed: \(trained.stderr)")
        }
        try FileManager.default.removeItem(at: data)
        return folder
    }

    /// An HTTP API (payload 2.0) request, as API Gateway sends it to the integration.
    static func apiEvent(path: String, token: String?) -> String {
        let authorization = token.map { #","authorization":"Bearer \#($0)""# } ?? ""
        return """
            {"version":"2.0","routeKey":"$default","rawPath":"\(path)","rawQueryString":"",\
            "headers":{"accept":"*/*","host":"abc123.execute-api.us-east-1.amazonaws.com"\(authorization)},\
            "requestContext":{"accountId":"123456789012","apiId":"abc123","domainName":\
            "abc123.execute-api.us-east-1.amazonaws.com","requestId":"\(UUID().uuidString)","routeKey":"$default",\
            "stage":"$default","time":"25/Nov/2026:18:00:00 +0000","timeEpoch":1795629600000,\
            "http":{"method":"GET","path":"\(path)","protocol":"HTTP/1.1","sourceIp":"192.0.2.1",\
            "userAgent":"test"}},"isBase64Encoded":false}
            """
    }
}

/// What the chain tests create on moto: the table, both topics, and an SQS queue subscribed to
/// each (to read back what the functions published). Names are unique, so tests share a server.
struct ChainResources {
    let table: String
    let anomalyTopic: String
    let criticalTopic: String
    let anomalyQueue: String
    let criticalQueue: String

    init(moto: LambdaMoto) async throws {
        table = LambdaMoto.unique("aiops-events")
        let sns = SNSClient(executor: moto.executor)
        anomalyTopic = try await sns.createTopic(name: LambdaMoto.unique("aiops-anomalies"))
        criticalTopic = try await sns.createTopic(name: LambdaMoto.unique("aiops-critical-alerts"))
        anomalyQueue = try await moto.queue(subscribedTo: anomalyTopic)
        criticalQueue = try await moto.queue(subscribedTo: criticalTopic)
        try await DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: table)
            .createTableIfMissing()
    }
}

struct ChainSetupError: Error, CustomStringConvertible {
    var description: String
}
