import AWSClient
import Foundation
import TestSupport

/// The AWS side of the Lambda tests, on the shared moto server: instances, metrics, logs, and
/// SQS queues subscribed to the topics so that the tests read back what the functions published.
struct LambdaMoto {
    static let sqs = AWSService(
        name: "SQS", signingName: "sqs", endpointPrefix: "sqs", endpointVariable: "SQS",
        wireProtocol: .query(version: "2012-11-05"))

    let server: MotoServer
    let executor: AWSRequestExecutor

    /// On the shared server, or on one of its own: moto's `GetMetricData` scans every datapoint of
    /// the account for each period asked, so a suite whose detectors read their whole horizon (35
    /// days) keeps the other suites' datapoints out of its way.
    init(ownServer: Bool = false) throws {
        server = ownServer ? try MotoServer() : try MotoServer.shared()
        // A long timeout: moto is slow when the whole suite runs on two cores, and a timeout
        // would make retries repeat calls that are not idempotent.
        let standard = try AWSRequestExecutor.fromEnvironment(server.environment)
        var configuration = standard.configuration
        configuration.requestTimeout = .seconds(180)
        executor = AWSRequestExecutor(
            configuration: configuration, credentialProvider: standard.credentialProvider,
            transport: standard.transport, logger: standard.logger)
    }

    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    func runInstance(tags: [String: String]) async throws -> String {
        var parameters = QueryParameters()
        parameters.add("ImageId", "ami-12345678")
        parameters.add("ClientToken", UUID().uuidString)
        parameters.add("MinCount", "1")
        parameters.add("MaxCount", "1")
        parameters.add("TagSpecification.1.ResourceType", "instance")
        for (index, key) in tags.keys.sorted().enumerated() {
            parameters.add("TagSpecification.1.Tag.\(index + 1).Key", key)
            parameters.add("TagSpecification.1.Tag.\(index + 1).Value", tags[key])
        }
        let reply = try await executor.query(.ec2, "RunInstances", parameters)
        guard let id = reply.first(named: "instanceId")?.text else {
            throw AWSError(.invalidResponse, "RunInstances returned no instance id")
        }
        return id
    }

    /// Datapoints in `AWS/EC2` (which `CloudWatchClient` refuses, as AWS does; moto lets tests
    /// play the EC2 service).
    func seedCPU(instanceID: String, points: [(Date, Double)]) async throws {
        struct Datum: Encodable {
            var MetricName = "CPUUtilization"
            var Dimensions: [[String: String]]
            var Timestamp: Date
            var Value: Double
        }
        struct Input: Encodable {
            var Namespace = "AWS/EC2"
            var MetricData: [Datum]
        }
        for batch in stride(from: 0, to: points.count, by: 500) {
            let data = points[batch..<min(batch + 500, points.count)].map {
                Datum(Dimensions: [["Name": "InstanceId", "Value": instanceID]], Timestamp: $0.0, Value: $0.1)
            }
            _ = try await executor.json(.cloudWatch, "PutMetricData", Input(MetricData: data), as: EmptyOutput.self)
        }
    }

    /// Writes `lines` to the stream `<instance-id>/messages` of `group` (created here).
    func putLogs(group: String, instanceID: String, lines: [(Date, String)]) async throws {
        let logs = CloudWatchLogsClient(executor: executor)
        try await logs.createLogGroup(group)
        try await logs.createLogStream(group: group, name: "\(instanceID)/messages")
        try await logs.putLogEvents(
            group: group, stream: "\(instanceID)/messages",
            lines.sorted { $0.0 < $1.0 }.map {
                InputLogEvent(timestamp: Int64($0.0.timeIntervalSince1970 * 1000), message: $0.1)
            })
    }

    /// A new queue subscribed to `topicARN`; returns its URL.
    func queue(subscribedTo topicARN: String) async throws -> String {
        var create = QueryParameters()
        create.add("QueueName", Self.unique("aiops-tap"))
        let url = try await executor.query(Self.sqs, "CreateQueue", create).first(named: "QueueUrl")?.text ?? ""
        var attributes = QueryParameters()
        attributes.add("QueueUrl", url)
        attributes.add("AttributeName.1", "QueueArn")
        let reply = try await executor.query(Self.sqs, "GetQueueAttributes", attributes)
        let arn = reply.first(named: "Attribute").flatMap { $0.string("Value") } ?? ""
        _ = try await SNSClient(executor: executor).subscribe(topicARN: topicARN, protocol: "sqs", endpoint: arn)
        return url
    }

    /// The SNS notifications (JSON documents, as SNS delivers them) waiting in the queue.
    func receive(_ queueURL: String) async throws -> [String] {
        var parameters = QueryParameters()
        parameters.add("QueueUrl", queueURL)
        parameters.add("MaxNumberOfMessages", "10")
        parameters.add("WaitTimeSeconds", "0")
        let reply = try await executor.query(Self.sqs, "ReceiveMessage", parameters)
        return reply.first(named: "ReceiveMessageResult")?.children("Message").compactMap { $0.string("Body") } ?? []
    }

    /// Receives (bounded) until `count` notifications arrived.
    func receive(_ queueURL: String, count: Int, timeout: TimeInterval = 120) async throws -> [String] {
        var received: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while received.count < count && Date() < deadline {
            received += try await receive(queueURL)
            if received.count < count { try await Task.sleep(for: .milliseconds(200)) }
        }
        return received
    }

    /// A Lambda SNS event carrying `notification` (the JSON document SNS delivers to SQS has the
    /// shape of the event record's `Sns` object).
    static func snsEvent(_ notification: String, topicARN: String) -> String {
        """
        {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",\
        "EventSubscriptionArn":"\(topicARN):0b7c4f6e-5d4a-4a57-9b3b-7c0a2b1e2f3d","Sns":\(notification)}]}
        """
    }
}
