/// SQS messages delivered to Lambda by an event source mapping.
public struct SQSEvent: Codable, Sendable, Hashable {
    public struct Record: Codable, Sendable, Hashable {
        public var messageID: String
        public var receiptHandle: String?
        public var body: String
        public var eventSource: String?
        public var eventSourceARN: String?

        public init(messageID: String, body: String, eventSource: String? = "aws:sqs", eventSourceARN: String? = nil) {
            self.messageID = messageID
            self.body = body
            self.eventSource = eventSource
            self.eventSourceARN = eventSourceARN
        }

        enum CodingKeys: String, CodingKey {
            case messageID = "messageId"
            case receiptHandle, body, eventSource, eventSourceARN
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
