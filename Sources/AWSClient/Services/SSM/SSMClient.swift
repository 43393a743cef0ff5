import Foundation

/// What `SendCommand` reports of the command it started.
public struct SSMCommand: Decodable, Sendable, Hashable {
    public var commandId: String
    public var documentName: String?
    public var status: String?
    public var instanceIds: [String]?

    enum CodingKeys: String, CodingKey {
        case commandId = "CommandId"
        case documentName = "DocumentName"
        case status = "Status"
        case instanceIds = "InstanceIds"
    }
}

/// The SSM call the agent makes (run a document, e.g. `AWS-RunShellScript`, on instances).
public protocol SSMAPI: Sendable {
    func sendCommand(
        documentName: String, instanceIDs: [String], parameters: [String: [String]], comment: String?,
        timeoutSeconds: Int?
    ) async throws -> SSMCommand
}

/// SSM over AWS JSON 1.1.
public struct SSMClient: SSMAPI {
    /// Instances per `SendCommand` (the API's limit).
    public static let maxInstances = 50
    let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    public func sendCommand(
        documentName: String, instanceIDs: [String], parameters: [String: [String]] = [:], comment: String? = nil,
        timeoutSeconds: Int? = nil
    ) async throws -> SSMCommand {
        guard !instanceIDs.isEmpty, instanceIDs.count <= Self.maxInstances else {
            throw AWSError(
                .invalidParameter, "SendCommand takes 1 to \(Self.maxInstances) instance ids, not \(instanceIDs.count)")
        }
        struct Input: Encodable {
            var DocumentName: String
            var InstanceIds: [String]
            var Parameters: [String: [String]]?
            var Comment: String?
            var TimeoutSeconds: Int?
        }
        struct Output: Decodable { var Command: SSMCommand }
        let input = Input(
            DocumentName: documentName, InstanceIds: instanceIDs, Parameters: parameters.isEmpty ? nil : parameters,
            Comment: comment.map { String($0.prefix(100)) }, TimeoutSeconds: timeoutSeconds)
        return try await executor.json(.ssm, "SendCommand", input, as: Output.self).Command
    }
}
