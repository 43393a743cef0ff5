public import AWSClient
public import Foundation
public import TestSupport

/// The one moto fixture of the AWS suites: moto's server (the shared one, or one of its own) and
/// clients against it built as the entry points build them, with the seeding the suites need.
public struct Moto: Sendable {
    public let server: MotoServer
    /// Built by `AWSRequestExecutor.fromEnvironment`, with a long request timeout (see `init`).
    public let executor: AWSRequestExecutor
    /// Counts the calls made through `executor`, by operation.
    public let calls: CountingTransport

    /// On the shared server, or with `ownServer` on one of its own: moto's `GetMetricData` scans
    /// every datapoint of the account for each period asked, so a suite whose detectors read their
    /// whole horizon (35 days) keeps the other suites' datapoints out of its way.
    public init(ownServer: Bool = false) throws {
        server = ownServer ? try MotoServer() : try MotoServer.shared()
        let calls = CountingTransport(AsyncHTTPClientTransport())
        self.calls = calls
        // A long timeout: moto is slow when the whole suite runs on two cores, and a timeout
        // would make retries repeat calls that are not idempotent.
        executor = try AWSRequestExecutor.fromEnvironment(server.environment, transport: calls)
            .with(requestTimeout: .seconds(180))
    }

    /// A name no other test uses (tests share one server and run in parallel).
    public static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// Starts `count` instances of `t3.micro` tagged `tags` (moto accepts any image id).
    public func runInstances(count: Int, tags: [String: String] = [:]) async throws -> [String] {
        var parameters = QueryParameters()
        parameters.add("ImageId", "ami-12345678")
        // Makes a retried launch (after a timeout under load) start nothing twice.
        parameters.add("ClientToken", UUID().uuidString)
        parameters.add("MinCount", "\(count)")
        parameters.add("MaxCount", "\(count)")
        parameters.add("InstanceType", "t3.micro")
        if !tags.isEmpty { parameters.add("TagSpecification.1.ResourceType", "instance") }
        for (index, key) in tags.keys.sorted().enumerated() {
            parameters.add("TagSpecification.1.Tag.\(index + 1).Key", key)
            parameters.add("TagSpecification.1.Tag.\(index + 1).Value", tags[key])
        }
        let reply = try await executor.query(.ec2, "RunInstances", parameters)
        let ids = reply.child("instancesSet")?.children("item").compactMap { $0.string("instanceId") } ?? []
        guard ids.count == count else {
            throw AWSError(.invalidResponse, "RunInstances returned \(ids.count) instance ids for \(count)")
        }
        return ids
    }

    /// Starts one instance tagged `tags` and returns its id.
    public func runInstance(tags: [String: String] = [:]) async throws -> String {
        try await runInstances(count: 1, tags: tags)[0]
    }

    /// Seeds datapoints of one instance in any namespace, `AWS/EC2` included (which
    /// `CloudWatchClient` refuses, as AWS does; moto lets tests play the EC2 service), 500 a call.
    public func seedMetric(namespace: String, name: String, instanceID: String, points: [(Date, Double)])
        async throws
    {
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
        for batch in stride(from: 0, to: points.count, by: 500) {
            let data = points[batch..<min(batch + 500, points.count)].map {
                Datum(
                    MetricName: name, Dimensions: [["Name": "InstanceId", "Value": instanceID]], Timestamp: $0.0,
                    Value: $0.1)
            }
            _ = try await executor.json(
                .cloudWatch, "PutMetricData", Input(Namespace: namespace, MetricData: data), as: EmptyOutput.self)
        }
    }

    /// `CPUUtilization` datapoints in `AWS/EC2`.
    public func seedCPU(instanceID: String, points: [(Date, Double)]) async throws {
        try await seedMetric(namespace: "AWS/EC2", name: "CPUUtilization", instanceID: instanceID, points: points)
    }

    /// Writes `lines` to the stream `<instance-id>/messages` of `group` (created here).
    public func putLogs(group: String, instanceID: String, lines: [(Date, String)]) async throws {
        let logs = CloudWatchLogsClient(executor: executor)
        try await logs.createLogGroup(group)
        try await logs.createLogStream(group: group, name: "\(instanceID)/messages")
        try await logs.putLogEvents(
            group: group, stream: "\(instanceID)/messages",
            lines.sorted { $0.0 < $1.0 }.map {
                InputLogEvent(timestamp: Int64($0.0.timeIntervalSince1970 * 1000), message: $0.1)
            })
    }

    /// An SSM SecureString parameter (a secret the functions read by `ssm:<name>`).
    public func putSecureParameter(name: String, value: String) async throws {
        struct PutParameter: Encodable {
            var Name: String
            var Value: String
            var `Type` = "SecureString"
            var Overwrite = true
        }
        _ = try await executor.json(.ssm, "PutParameter", PutParameter(Name: name, Value: value), as: EmptyOutput.self)
    }

    /// A new, empty queue named after `prefix`; returns its URL.
    public func queue(_ prefix: String = "aiops-tap") async throws -> String {
        var create = QueryParameters()
        create.add("QueueName", Self.unique(prefix))
        guard let url = try await executor.query(.sqs, "CreateQueue", create).first(named: "QueueUrl")?.text else {
            throw AWSError(.invalidResponse, "CreateQueue returned no URL")
        }
        return url
    }

    /// A new queue subscribed to `topicARN`; returns its URL.
    public func queue(subscribedTo topicARN: String, prefix: String = "aiops-tap") async throws -> String {
        let url = try await queue(prefix)
        var attributes = QueryParameters()
        attributes.add("QueueUrl", url)
        attributes.add("AttributeName.1", "QueueArn")
        let reply = try await executor.query(.sqs, "GetQueueAttributes", attributes)
        let arn = reply.first(named: "Attribute").flatMap { $0.string("Value") } ?? ""
        _ = try await SNSClient(executor: executor).subscribe(topicARN: topicARN, protocol: "sqs", endpoint: arn)
        return url
    }

    /// One `ReceiveMessage` call: the bodies waiting in the queue (for SNS, its JSON documents).
    /// `visibilityTimeout` (seconds) keeps what was read out of the next calls for that long.
    public func receive(_ queueURL: String, visibilityTimeout: Int? = nil) async throws -> [String] {
        try await receiveMessages(queueURL, visibilityTimeout: visibilityTimeout).map(\.body)
    }

    /// An SQS message as received: its body and its string message attributes.
    public struct Message: Sendable {
        public var body: String
        public var attributes: [String: String]

        public init(body: String, attributes: [String: String] = [:]) {
            self.body = body
            self.attributes = attributes
        }
    }

    /// One `ReceiveMessage` call, with every message's attributes.
    public func receiveMessages(_ queueURL: String, visibilityTimeout: Int? = nil) async throws -> [Message] {
        var parameters = QueryParameters()
        parameters.add("QueueUrl", queueURL)
        parameters.add("MaxNumberOfMessages", "10")
        parameters.add("WaitTimeSeconds", "0")
        parameters.add("MessageAttributeName.1", "All")
        if let visibilityTimeout { parameters.add("VisibilityTimeout", "\(visibilityTimeout)") }
        let reply = try await executor.query(.sqs, "ReceiveMessage", parameters)
        return reply.first(named: "ReceiveMessageResult")?.children("Message").compactMap { message in
            guard let body = message.string("Body") else { return nil }
            var attributes: [String: String] = [:]
            for attribute in message.children("MessageAttribute") {
                if let name = attribute.string("Name"), let value = attribute.child("Value")?.string("StringValue") {
                    attributes[name] = value
                }
            }
            return Message(body: body, attributes: attributes)
        } ?? []
    }

    /// Receives (bounded) until `count` messages arrived, with their attributes.
    public func receiveMessages(_ queueURL: String, count: Int, timeout: TimeInterval = 120) async throws
        -> [Message]
    {
        var received: [Message] = []
        let deadline = Date().addingTimeInterval(timeout)
        while received.count < count && Date() < deadline {
            received += try await receiveMessages(queueURL)
            if received.count < count { try await Task.sleep(for: .milliseconds(200)) }
        }
        return received
    }

    /// Receives (bounded) until `count` bodies arrived.
    public func receive(_ queueURL: String, count: Int, timeout: TimeInterval = 120) async throws -> [String] {
        try await receiveMessages(queueURL, count: count, timeout: timeout).map(\.body)
    }

    /// A Lambda SNS event carrying `notification` (the JSON document SNS delivers to SQS has the
    /// shape of the event record's `Sns` object).
    public static func snsEvent(_ notification: String, topicARN: String) -> String {
        """
        {"Records":[{"EventSource":"aws:sns","EventVersion":"1.0",\
        "EventSubscriptionArn":"\(topicARN):0b7c4f6e-5d4a-4a57-9b3b-7c0a2b1e2f3d","Sns":\(notification)}]}
        """
    }
}
