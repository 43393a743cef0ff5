import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation

/// What the function tests set up on moto, under names of their own so that tests share the
/// server: instances carrying a fresh monitor tag, the table, both topics, and a queue that reads
/// the anomaly topic back.
struct MotoFleet {
    /// The tag key every instance carries with the value `true`.
    let monitorTag: String
    let table: String
    /// The ARNs of the anomaly and critical-alert topics.
    let topics: (anomaly: String, critical: String)
    /// Subscribed to the anomaly topic: what the functions published, read back.
    let anomalyQueue: String
    /// In the order of the names given.
    let instanceIDs: [String]

    /// One instance per `names` (its `Name` tag), each also tagged `tags`.
    init(moto: Moto, names: [String], tags: [String: String] = [:]) async throws {
        let monitorTag = Moto.unique("aiops:monitor")
        self.monitorTag = monitorTag
        table = Moto.unique("aiops-events")
        let sns = SNSClient(executor: moto.executor)
        let anomalyTopic = try await sns.createTopic(name: Moto.unique("aiops-anomalies"))
        topics = (anomalyTopic, try await sns.createTopic(name: Moto.unique("aiops-critical-alerts")))
        anomalyQueue = try await moto.queue(subscribedTo: anomalyTopic)
        try await DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: table)
            .createTableIfMissing()
        var ids: [String] = []
        for name in names {
            ids.append(try await moto.runInstance(tags: tags.merging([monitorTag: "true", "Name": name]) { $1 }))
        }
        instanceIDs = ids
    }

    /// The functions' `AIOPS_*` environment for this fleet on moto (CPU only), `extra` on top.
    func environment(_ moto: Moto, _ extra: [String: String]) -> [String: String] {
        moto.server.environment.merging([
            "AIOPS_MONITOR_TAG": "\(monitorTag)=true", "AIOPS_METRICS": "CPUUtilization", "AIOPS_TABLE": table,
            "AIOPS_ANOMALY_TOPIC_ARN": topics.anomaly, "AIOPS_CRITICAL_TOPIC_ARN": topics.critical,
        ]) { $1 }.merging(extra) { $1 }
    }

    /// Three hours of quiet CPU (20–22 %) before `spike`, then `peak` at the spike's period and
    /// the one after (a cycle that starts late scores that one).
    static func cpuHistory(spike: Date, peak: Double) -> [(Date, Double)] {
        let period = 300.0
        let quiet = (1...36).map { (spike.addingTimeInterval(-Double($0) * period), 20 + Double($0 % 3)) }
        return quiet + [(spike, peak), (spike.addingTimeInterval(period), peak)]
    }
}
