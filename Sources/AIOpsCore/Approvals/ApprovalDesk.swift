public import Foundation

/// Where a person's answer to an approval is carried out: the remediation engine, which re-checks
/// the guards and acts. The API, the dashboard and Slack's buttons all answer through it.
public protocol ApprovalDesk: Sendable {
    /// Answers approval `id` for `person` through `surface` (`dashboard`, `api`, `slack`).
    /// Nil when there is no such approval.
    func answer(approvalID id: String, _ verdict: Approval.Verdict, by person: String, via surface: String)
        async throws -> ApprovalAnswer?
}

/// What came of an answer, in words a person reads (the API's, the dashboard's and Slack's reply).
public struct ApprovalAnswer: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Approved, the guards passed again, and the action ran (verification follows).
        case executed
        /// Approved, but a guard re-checked now said no (or the action failed): see the message.
        case notExecuted = "not-executed"
        case rejected
        /// Someone answered first; nothing done.
        case alreadyDecided = "already-decided"
        /// Past its expiry; nothing done (the upkeep escalates it).
        case expired
        /// The incident resolved before the answer; nothing done.
        case incidentResolved = "incident-resolved"
    }

    public var outcome: Outcome
    public var approval: Approval
    /// The incident's action after the answer, when there is one.
    public var action: RemediationAction?
    public var message: String

    public init(outcome: Outcome, approval: Approval, action: RemediationAction?, message: String) {
        self.outcome = outcome
        self.approval = approval
        self.action = action
        self.message = message
    }
}
