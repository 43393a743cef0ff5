import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// `aiops detect --once` against moto with only an endpoint, dummy credentials and AIOPS_* variables.
@Suite struct DetectCommandTests {
    @Test func oneCycleOverTheTaggedInstancesStoresTheirSnapshots() async throws {
        let moto = try Moto()
        let server = try MotoServer.shared()
        let tagKey = Moto.unique("aiops:watch")
        let table = Moto.unique("aiops-events")
        let watched = try await moto.runInstances(count: 2, tags: [tagKey: "true", "Name": "api"])
        _ = try await moto.runInstances(count: 1, tags: [tagKey: "false"])
        // Three hours of 5-minute CPU points: enough for the detector's two-hour warm-up.
        let now = Date()
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 300).rounded(.down) * 300 - 3 * 3600)
        for (index, instance) in watched.enumerated() {
            let points = (0..<36).map {
                (start.addingTimeInterval(Double($0 * 300)), 20 + Double(index) + Double($0 % 3))
            }
            try await moto.seedMetric(
                namespace: "AWS/EC2", name: "CPUUtilization", instanceID: instance, points: points)
        }
        let environment = [
            "AWS_ENDPOINT_URL": server.url.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true", "AWS_REGION": "",
            "AWS_DEFAULT_REGION": "", "AWS_PROFILE": "", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AIOPS_TABLE": table, "AIOPS_MONITOR_TAG": "\(tagKey)=true",
            // A fresh detector reads its 35-day horizon, and the shared moto's GetMetricData scans
            // every datapoint of the other suites for each period: slower than 20 s on a loaded run.
            "AIOPS_AWS_TIMEOUT_SECONDS": "90",
        ]
        let setup = try Subprocess.aiops(["aws-setup"], environment: environment, timeout: 120)
        #expect(setup.status == 0, "\(setup.stderr)")
        let cycle = try Subprocess.aiops(["detect", "--once"], environment: environment, timeout: 300)
        #expect(cycle.status == 0, "\(cycle.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(cycle.stdout.utf8)) as? [String: Any]
        #expect(figures?["instances"] as? Int == 2, "\(cycle.stdout)")

        let store = DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: table)
        let snapshots = try await store.snapshots()
        #expect(Set(snapshots.map(\.instance.id)) == Set(watched))
        #expect(snapshots.allSatisfy { $0.instance.name == "api" })
        #expect(try await store.checkpoint("agent.detection.through") != nil)

        let refused = try Subprocess.aiops(["detect"], environment: environment)
        #expect(refused.status != 0)
    }
}
