public import AIOpsCore

/// What the engine did with one critical alert.
public struct RemediationOutcome: Sendable, Hashable {
    public var decision: RemediationDecision
    /// The action recorded for the incident (for a duplicate alert: the one recorded before).
    public var action: RemediationAction
    /// True when the alert had been handled before and nothing new was done.
    public var duplicate: Bool
    /// The follow-up alert sent to a person, if any (circuit breaker, failed action).
    public var escalation: CriticalAlert?

    public init(
        decision: RemediationDecision, action: RemediationAction, duplicate: Bool, escalation: CriticalAlert?
    ) {
        self.decision = decision
        self.action = action
        self.duplicate = duplicate
        self.escalation = escalation
    }
}

/// What verification concluded about one action.
public struct VerificationOutcome: Sendable, Hashable {
    public var action: RemediationAction
    public var verdict: RecoveryVerdict
    /// The follow-up alert sent to a person when the instance did not recover.
    public var escalation: CriticalAlert?

    public init(action: RemediationAction, verdict: RecoveryVerdict, escalation: CriticalAlert?) {
        self.action = action
        self.verdict = verdict
        self.escalation = escalation
    }
}

/// The verifications of one pass; an action whose check failed stays pending for the next pass.
public struct VerificationReport: Sendable {
    public var outcomes: [VerificationOutcome]
    /// Actions that could not be checked this time (their id and the error), retried next pass.
    public var errors: [(actionID: String, message: String)]

    public init(outcomes: [VerificationOutcome] = [], errors: [(actionID: String, message: String)] = []) {
        self.outcomes = outcomes
        self.errors = errors
    }
}
