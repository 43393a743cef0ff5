public import Foundation

/// A self-healing action the agent can take on an instance.
public enum ActionKind: String, Sendable, Codable, Hashable, CaseIterable {
    case reboot
    /// Stop, wait for `stopped`, start: the instance may come back on other hardware.
    case stopStart = "stop-start"
    case notifyOnly = "notify-only"
    /// Restart one systemd unit (a runbook's fixed, allow-listed unit; never text from a log line).
    case restartService = "restart-service"
    /// Free disk space: vacuum the journal and delete old temporary files.
    case freeDisk = "free-disk"
    /// Run an SSM Automation document, named by the runbook, on the instance.
    case runAutomation = "run-automation"
}

/// The outcome of a remediation decision.
public enum ActionStatus: String, Sendable, Codable, Hashable, CaseIterable {
    /// Started; verification pending.
    case pending
    case succeeded, failed, skipped
    case dryRun = "dry_run"
    /// Every guard passed, and the policy asks a person first: see the incident's `Approval`.
    case awaitingApproval = "awaiting_approval"
    /// A runbook in shadow mode would have taken this action, and every guard passed: recorded
    /// for its track record, nothing done.
    case shadow
}

/// One remediation decision for one incident, acted or not.
public struct RemediationAction: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var incidentID: String
    public var instanceID: String
    public var kind: ActionKind
    public var status: ActionStatus
    public var at: Date
    public var reason: String
    /// One key per incident and action, so a duplicated alert never acts twice.
    public var idempotencyKey: String
    public var verifiedAt: Date?

    public init(
        id: String, incidentID: String, instanceID: String, kind: ActionKind, status: ActionStatus, at: Date,
        reason: String, idempotencyKey: String, verifiedAt: Date? = nil
    ) {
        self.id = id
        self.incidentID = incidentID
        self.instanceID = instanceID
        self.kind = kind
        self.status = status
        self.at = at
        self.reason = reason
        self.idempotencyKey = idempotencyKey
        self.verifiedAt = verifiedAt
    }
}

/// An entry of the audit trail: who decided what, about what, and why.
public struct AuditRecord: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var at: Date
    /// The component or person, e.g. `remediation`, `escalation`, `api:alice`.
    public var actor: String
    /// What was decided, e.g. `reboot`, `skip`, `escalate`, `acknowledge`.
    public var action: String
    public var instanceID: String?
    public var incidentID: String?
    public var outcome: String
    public var reason: String

    public init(
        id: String, at: Date, actor: String, action: String, instanceID: String?, incidentID: String?,
        outcome: String, reason: String
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.instanceID = instanceID
        self.incidentID = incidentID
        self.outcome = outcome
        self.reason = reason
    }
}
