/// A message attribute of an SNS message (what subscription filter policies match on).
public struct SNSMessageAttribute: Sendable, Hashable {
    /// `String`, `Number`, `String.Array` or `Binary` (then `value` is base64).
    public var dataType: String
    public var value: String

    public init(dataType: String = "String", value: String) {
        self.dataType = dataType
        self.value = value
    }

    public static func string(_ value: String) -> SNSMessageAttribute { SNSMessageAttribute(value: value) }
}

/// The SNS calls the agent makes.
public protocol SNSAPI: Sendable {
    /// Publishes to a topic; returns the message id.
    func publish(topicARN: String, message: String, subject: String?, attributes: [String: SNSMessageAttribute])
        async throws -> String
    /// Creates the topic, or returns the existing one's ARN (the call is idempotent).
    func createTopic(name: String) async throws -> String
    /// Subscribes an endpoint (an SQS queue ARN, an email address, an HTTPS URL); returns the subscription ARN.
    func subscribe(topicARN: String, protocol: String, endpoint: String) async throws -> String
}
