import AWSClient
import Foundation
import TestSupport

/// Clients against the shared moto server, built as the entry points build them.
struct AdapterMoto {
    let executor: AWSRequestExecutor

    init() throws {
        executor = try AWSRequestExecutor.fromEnvironment(try MotoServer.shared().environment)
    }

    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    func runInstances(count: Int, tags: [String: String]) async throws -> [String] {
        var parameters = QueryParameters()
        parameters.add("ImageId", "ami-12345678")
        parameters.add("MinCount", "\(count)")
        parameters.add("MaxCount", "\(count)")
        parameters.add("TagSpecification.1.ResourceType", "instance")
        for (index, key) in tags.keys.sorted().enumerated() {
            parameters.add("TagSpecification.1.Tag.\(index + 1).Key", key)
            parameters.add("TagSpecification.1.Tag.\(index + 1).Value", tags[key])
        }
        let reply = try await executor.query(.ec2, "RunInstances", parameters)
        return reply.child("instancesSet")?.children("item").compactMap { $0.string("instanceId") } ?? []
    }

    /// Seeds datapoints in any namespace, `AWS/EC2` included (which `CloudWatchClient` refuses,
    /// as AWS does; moto lets tests play the EC2 service).
    func seedMetric(namespace: String, name: String, instanceID: String, points: [(Date, Double)]) async throws {
        struct Datum: Encodable {
            var MetricName: String
            var Dimensions: [[String: String]]
            var Timestamp: Date
            var Value: Double
        }
        struct Input: Encodable {
            var Namespace: String
            var MetricData: [Datum]
        }
        let data = points.map {
            Datum(
                MetricName: name, Dimensions: [["Name": "InstanceId", "Value": instanceID]], Timestamp: $0.0,
                Value: $0.1)
        }
        _ = try await executor.json(
            .cloudWatch, "PutMetricData", Input(Namespace: namespace, MetricData: data), as: EmptyOutput.self)
    }
}
