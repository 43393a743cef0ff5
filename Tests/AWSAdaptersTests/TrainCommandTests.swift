import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// `aiops train --instance-id` against moto: the model is trained on the instance's CloudWatch history.
@Suite struct TrainCommandTests {
    @Test func trainsOnTheInstancesCloudWatchHistory() async throws {
        let moto = try Moto()
        let server = try MotoServer.shared()
        let instance = try await moto.runInstances(count: 1, tags: ["Name": Moto.unique("train")])[0]
        let end = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 300).rounded(.down) * 300)
        // A day of 5-minute points (288) with a daily-ish wave.
        let points: [(Date, Double)] = (1...288).map { step in
            let time = end.addingTimeInterval(-300 * Double(step))
            let value: Double = 30 + 10 * sin(Double(step) / 20)
            return (time, value)
        }
        try await moto.seedMetric(namespace: "AWS/EC2", name: "CPUUtilization", instanceID: instance, points: points)
        let folder = try TemporaryDirectory("train")
        let out = folder.file("model.json")
        let environment = [
            "AWS_ENDPOINT_URL": server.url.absoluteString, "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing", "AWS_EC2_METADATA_DISABLED": "true", "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ]
        let result = try Subprocess.aiops(
            ["train", "--instance-id", instance, "--days", "2", "--out", out.path], environment: environment,
            timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("warmed default on 288 rows of \(instance) CPUUtilization (CloudWatch, 2 days)"),
            "\(result.stderr)")
        // The progress, as plain lines when stderr is not a terminal: one per day fetched.
        #expect(result.stderr.contains("fetching \(instance) CPUUtilization: 1/2 day 1 of 2"), "\(result.stderr)")
        #expect(result.stderr.contains("fetching \(instance) CPUUtilization: 2/2 day 2 of 2, 288 points"))
        let model = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        #expect(model != nil)

        let empty = try Subprocess.aiops(
            ["train", "--instance-id", "i-0000000000000none", "--out", out.path], environment: environment, timeout: 300
        )
        #expect(empty.status != 0)
        #expect(empty.stderr.contains("nothing to train on"), "\(empty.stderr)")
        let both = try Subprocess.aiops(["train", "--instance-id", instance, "--csv", "x.csv", "--out", out.path])
        #expect(both.status != 0)
    }
}
