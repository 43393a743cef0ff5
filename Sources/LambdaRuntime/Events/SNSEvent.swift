/// An SNS notification delivered to Lambda: records, each with its message and attributes.
public struct SNSEvent: Codable, Sendable, Hashable {
    public struct Record: Codable, Sendable, Hashable {
        public var eventSource: String
        public var eventVersion: String
        public var eventSubscriptionArn: String
        public var sns: Message

        enum CodingKeys: String, CodingKey {
            case eventSource = "EventSource"
            case eventVersion = "EventVersion"
            case eventSubscriptionArn = "EventSubscriptionArn"
            case sns = "Sns"
        }
    }

    public struct Message: Codable, Sendable, Hashable {
        public var type: String
        public var messageID: String
        public var topicArn: String
        public var subject: String?
        public var message: String
        public var timestamp: String
        public var messageAttributes: [String: Attribute]?

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case messageID = "MessageId"
            case topicArn = "TopicArn"
            case subject = "Subject"
            case message = "Message"
            case timestamp = "Timestamp"
            case messageAttributes = "MessageAttributes"
        }
    }

    public struct Attribute: Codable, Sendable, Hashable {
        public var type: String
        public var value: String

        enum CodingKeys: String, CodingKey {
            case type = "Type"
            case value = "Value"
        }
    }

    public var records: [Record]

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}
