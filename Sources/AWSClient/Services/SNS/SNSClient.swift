/// SNS over the query protocol.
public struct SNSClient: SNSAPI {
    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    public func publish(
        topicARN: String, message: String, subject: String? = nil, attributes: [String: SNSMessageAttribute] = [:]
    ) async throws -> String {
        guard !message.isEmpty else { throw AWSError(.invalidParameter, "SNS Publish needs a non-empty message") }
        if let subject, subject.contains(where: \.isNewline) || subject.count > 100 {
            throw AWSError(.invalidParameter, "an SNS subject must be one line of at most 100 characters")
        }
        var parameters = QueryParameters()
        parameters.add("TopicArn", topicARN)
        parameters.add("Message", message)
        parameters.add("Subject", subject)
        // Sorted by name so the same message always encodes the same way.
        for (index, name) in attributes.keys.sorted().enumerated() {
            guard let attribute = attributes[name] else { continue }
            let prefix = "MessageAttributes.entry.\(index + 1)"
            parameters.add("\(prefix).Name", name)
            parameters.add("\(prefix).Value.DataType", attribute.dataType)
            parameters.add(
                attribute.dataType == "Binary" ? "\(prefix).Value.BinaryValue" : "\(prefix).Value.StringValue",
                attribute.value)
        }
        let reply = try await executor.query(.sns, "Publish", parameters)
        return try Self.field(reply, "PublishResult", "MessageId", action: "Publish")
    }

    public func createTopic(name: String) async throws -> String {
        var parameters = QueryParameters()
        parameters.add("Name", name)
        let reply = try await executor.query(.sns, "CreateTopic", parameters)
        return try Self.field(reply, "CreateTopicResult", "TopicArn", action: "CreateTopic")
    }

    public func subscribe(topicARN: String, protocol: String, endpoint: String) async throws -> String {
        var parameters = QueryParameters()
        parameters.add("TopicArn", topicARN)
        parameters.add("Protocol", `protocol`)
        parameters.add("Endpoint", endpoint)
        parameters.add("ReturnSubscriptionArn", "true")
        let reply = try await executor.query(.sns, "Subscribe", parameters)
        return try Self.field(reply, "SubscribeResult", "SubscriptionArn", action: "Subscribe")
    }

    /// `<ActionResponse><ActionResult><Field>`, or an error saying which is missing.
    static func field(_ reply: XMLTree, _ result: String, _ name: String, action: String) throws -> String {
        guard let value = reply.child(result)?.string(name), !value.isEmpty else {
            throw AWSError(.invalidResponse, "SNS \(action) reply has no \(result)/\(name)")
        }
        return value
    }
}
