import AIOpsCore

/// What the planner decided for one incident, with the runbook behind it and the shadow runs.
public struct RemediationPlan: Sendable, Hashable {
    public var decision: RemediationDecision
    /// The runbook's action made concrete; nil when no runbook in approve or auto mode matched.
    public var command: RunbookCommand?
    /// What each matching runbook in shadow mode would have done, with the guards' verdict.
    public var shadows: [ShadowRun]

    public init(decision: RemediationDecision, command: RunbookCommand? = nil, shadows: [ShadowRun] = []) {
        self.decision = decision
        self.command = command
        self.shadows = shadows
    }
}

/// A shadow runbook's would-be action: `.act` when every guard passed, else the guard's skip or
/// escalation.
public struct ShadowRun: Sendable, Hashable {
    public var command: RunbookCommand
    public var verdict: RemediationDecision
    /// Why a runbook configured for approve or auto still runs in shadow, if it does.
    public var note: String?

    public init(command: RunbookCommand, verdict: RemediationDecision, note: String? = nil) {
        self.command = command
        self.verdict = verdict
        self.note = note
    }
}
