import Foundation

/// One instance's part of a Run Command: `Pending`, `InProgress`, `Delayed`, `Success`,
/// `Cancelled`, `TimedOut`, `Failed`, `Cancelling`.
public struct SSMCommandInvocation: Decodable, Sendable, Hashable {
    public var commandId: String
    public var instanceId: String
    public var status: String
    public var responseCode: Int?
    /// The start of the command's error output (SSM keeps the first 8,000 characters).
    public var standardErrorContent: String?

    enum CodingKeys: String, CodingKey {
        case commandId = "CommandId"
        case instanceId = "InstanceId"
        case status = "Status"
        case responseCode = "ResponseCode"
        case standardErrorContent = "StandardErrorContent"
    }

    /// True once the command ended, well or not.
    public var isFinished: Bool { ["Success", "Cancelled", "TimedOut", "Failed"].contains(status) }
}

/// An Automation execution: `Pending`, `InProgress`, `Waiting`, `Success`, `TimedOut`,
/// `Cancelling`, `Cancelled`, `Failed`, and a few more for changes and approvals.
public struct SSMAutomationExecution: Decodable, Sendable, Hashable {
    public var automationExecutionId: String
    public var documentName: String?
    public var status: String
    public var failureMessage: String?

    enum CodingKeys: String, CodingKey {
        case automationExecutionId = "AutomationExecutionId"
        case documentName = "DocumentName"
        case status = "AutomationExecutionStatus"
        case failureMessage = "FailureMessage"
    }

    public var isFinished: Bool {
        ["Success", "TimedOut", "Cancelled", "Failed", "CompletedWithSuccess", "CompletedWithFailure", "Rejected"]
            .contains(status)
    }
}

/// The SSM calls the runbooks make: a Run Command and its result, an Automation and its result.
public protocol SSMRunbookAPI: SSMAPI {
    func commandInvocation(commandID: String, instanceID: String) async throws -> SSMCommandInvocation
    /// Starts `document` with `parameters`; returns the execution's id.
    func startAutomation(document: String, parameters: [String: [String]]) async throws -> String
    func automationExecution(id: String) async throws -> SSMAutomationExecution
}

extension SSMClient: SSMRunbookAPI {
    public func commandInvocation(commandID: String, instanceID: String) async throws -> SSMCommandInvocation {
        struct Input: Encodable {
            var CommandId: String
            var InstanceId: String
        }
        return try await executor.json(
            .ssm, "GetCommandInvocation", Input(CommandId: commandID, InstanceId: instanceID),
            as: SSMCommandInvocation.self)
    }

    public func startAutomation(document: String, parameters: [String: [String]]) async throws -> String {
        struct Input: Encodable {
            var DocumentName: String
            var Parameters: [String: [String]]?
        }
        struct Output: Decodable { var AutomationExecutionId: String }
        return try await executor.json(
            .ssm, "StartAutomationExecution",
            Input(DocumentName: document, Parameters: parameters.isEmpty ? nil : parameters), as: Output.self
        ).AutomationExecutionId
    }

    public func automationExecution(id: String) async throws -> SSMAutomationExecution {
        struct Input: Encodable { var AutomationExecutionId: String }
        struct Output: Decodable { var AutomationExecution: SSMAutomationExecution }
        return try await executor.json(
            .ssm, "GetAutomationExecution", Input(AutomationExecutionId: id), as: Output.self
        ).AutomationExecution
    }
}
