import Foundation

extension AWSService {
    /// SQS over the query protocol (which both AWS and moto accept).
    public static let sqs = AWSService(
        name: "SQS", signingName: "sqs", endpointPrefix: "sqs", endpointVariable: "SQS",
        wireProtocol: .query(version: "2012-11-05"))
}

/// One message of a `SendMessageBatch` call.
public struct SQSBatchEntry: Sendable, Hashable {
    /// Unique within the call; failures name it.
    public var id: String
    public var body: String
    /// String message attributes (SQS takes ten; they count towards the 256 KiB).
    public var attributes: [String: String]

    public init(id: String, body: String, attributes: [String: String] = [:]) {
        self.id = id
        self.body = body
        self.attributes = attributes
    }
}

extension SQSBatchEntry {
    /// What the entry counts towards SQS's 256 KiB: its body, and its attributes' names, types and values.
    public var size: Int {
        body.utf8.count + attributes.reduce(0) { $0 + $1.key.utf8.count + "String".utf8.count + $1.value.utf8.count }
    }
}

/// The SQS calls the detector's fan-out makes.
public protocol SQSAPI: Sendable {
    /// Sends up to 10 messages (256 KiB in all); returns the ids of the entries SQS did not take,
    /// with its reason.
    func sendMessageBatch(queueURL: String, entries: [SQSBatchEntry]) async throws -> [String: String]
}

/// SQS over the query protocol.
public struct SQSClient: SQSAPI {
    /// What one `SendMessageBatch` call carries at most: 10 entries, 256 KiB of bodies.
    public static let maxBatchEntries = 10
    public static let maxBatchBytes = 262_144

    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    public func sendMessageBatch(queueURL: String, entries: [SQSBatchEntry]) async throws -> [String: String] {
        guard !entries.isEmpty else { return [:] }
        guard entries.count <= Self.maxBatchEntries else {
            throw AWSError(.invalidParameter, "SQS SendMessageBatch takes at most 10 entries, not \(entries.count)")
        }
        let bytes = entries.reduce(0) { $0 + $1.size }
        guard bytes <= Self.maxBatchBytes else {
            throw AWSError(
                .invalidParameter, "SQS SendMessageBatch takes at most 256 KiB of messages, not \(bytes) bytes")
        }
        var parameters = QueryParameters()
        parameters.add("QueueUrl", queueURL)
        for (index, entry) in entries.enumerated() {
            parameters.add("SendMessageBatchRequestEntry.\(index + 1).Id", entry.id)
            parameters.add("SendMessageBatchRequestEntry.\(index + 1).MessageBody", entry.body)
            // Sorted by name so the same entry always encodes the same way.
            for (number, name) in entry.attributes.keys.sorted().enumerated() {
                let prefix = "SendMessageBatchRequestEntry.\(index + 1).MessageAttribute.\(number + 1)"
                parameters.add("\(prefix).Name", name)
                parameters.add("\(prefix).Value.DataType", "String")
                parameters.add("\(prefix).Value.StringValue", entry.attributes[name])
            }
        }
        let reply = try await executor.query(.sqs, "SendMessageBatch", parameters)
        guard let result = reply.child("SendMessageBatchResult") else {
            throw AWSError(.invalidResponse, "SQS SendMessageBatch reply has no SendMessageBatchResult")
        }
        var failed: [String: String] = [:]
        for entry in result.children("BatchResultErrorEntry") {
            failed[entry.string("Id") ?? ""] = [entry.string("Code"), entry.string("Message")]
                .compactMap { $0 }.joined(separator: ": ")
        }
        return failed
    }
}
