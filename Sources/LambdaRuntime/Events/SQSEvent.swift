/// SQS messages delivered to Lambda by an event source mapping.
public struct SQSEvent: Codable, Sendable, Hashable {
    public struct Record: Codable, Sendable, Hashable {
        public var messageID: String
        public var receiptHandle: String?
        public var body: String
        public var eventSource: String?
        public var eventSourceARN: String?
        /// The message's attributes (the sender's, such as a trace context's `traceparent`).
        public var messageAttributes: [String: Attribute]?

        public init(
            messageID: String, body: String, eventSource: String? = "aws:sqs", eventSourceARN: String? = nil,
            messageAttributes: [String: Attribute]? = nil
        ) {
            self.messageID = messageID
            self.body = body
            self.eventSource = eventSource
            self.eventSourceARN = eventSourceARN
            self.messageAttributes = messageAttributes
        }

        enum CodingKeys: String, CodingKey {
            case messageID = "messageId"
            case receiptHandle, body, eventSource, eventSourceARN, messageAttributes
        }
    }

    /// A message attribute as Lambda delivers it: `String` and `Number` ones in `stringValue`,
    /// `Binary` ones base64 in `binaryValue`.
    public struct Attribute: Codable, Sendable, Hashable {
        public var dataType: String
        public var stringValue: String?
        public var binaryValue: String?

        public init(dataType: String = "String", stringValue: String?, binaryValue: String? = nil) {
            self.dataType = dataType
            self.stringValue = stringValue
            self.binaryValue = binaryValue
        }
    }

    public var records: [Record]

    public init(records: [Record]) { self.records = records }

    enum CodingKeys: String, CodingKey {
        case records = "Records"
    }
}

/// The answer of a function whose event source mapping reports batch item failures: only the
/// messages listed go back to the queue (and, after the queue's receive count, to its
/// dead-letter queue); the others are deleted.
public struct SQSBatchResponse: Codable, Sendable, Hashable {
    public struct ItemFailure: Codable, Sendable, Hashable {
        public var itemIdentifier: String

        public init(itemIdentifier: String) { self.itemIdentifier = itemIdentifier }
    }

    public var batchItemFailures: [ItemFailure]

    public init(batchItemFailures: [ItemFailure]) { self.batchItemFailures = batchItemFailures }
}
