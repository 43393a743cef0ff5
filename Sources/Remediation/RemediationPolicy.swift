public import AIOpsCore
public import Foundation

/// The guards around self-healing: who may be acted on, how often, and when to stop and call a person.
///
/// Defaults are conservative: only instances carrying `aiops:remediate=true`, at most one action per
/// instance per 30 minutes, at most 5 per hour across the fleet, and after 2 remediations of one
/// instance that failed (or did not hold) within 6 hours, escalation to a person instead of another try.
public struct RemediationPolicy: Sendable, Hashable {
    /// The action taken when every guard passes.
    public var action: ActionKind
    /// The opt-in tag an instance must carry to be acted on.
    public var remediateTag: TagSelector
    /// Minimum time between two actions on one instance.
    public var cooldown: TimeInterval
    /// Most actions across the fleet within any hour.
    public var fleetCapPerHour: Int
    /// Failed (or relapsed) remediations of one instance within `breakerWindow` that open the breaker.
    public var breakerThreshold: Int
    public var breakerWindow: TimeInterval
    /// Records what would be done, does nothing.
    public var dryRun: Bool
    /// How long after an action the metric and error rate must be back to baseline.
    public var verificationWindow: TimeInterval
    /// Alerts older than this are not acted on (audited as stale, handed to a person): the
    /// situation an alert describes may have changed since, and Lambda retries a failed alert for
    /// up to an hour. 15 minutes: three 5-minute detection periods.
    public var maxAlertAge: TimeInterval = 15 * 60
    /// A person approves each action before it runs (`AIOPS_REQUIRE_APPROVAL`); the guards are
    /// checked when it is asked and again when it is approved.
    public var requireApproval = false
    /// How long an approval waits before it expires into an escalation (`AIOPS_APPROVAL_TIMEOUT`).
    public var approvalTimeout: TimeInterval = 30 * 60
    /// Who may approve, named to people (`AIOPS_APPROVER_ROLE`).
    public var approverRole = "on-call"
    /// The runbooks set by configuration (`AIOPS_RUNBOOKS`); nil: the default set around `action`.
    public var customRunbooks: [Runbook]?
    /// `AIOPS_RUNBOOK_MODE`: every runbook runs in this mode, whatever its own says (`shadow` to
    /// watch a whole set before trusting it).
    public var modeOverride: RunbookMode?

    public init(
        action: ActionKind = .reboot, remediateTag: TagSelector = .remediate, cooldown: TimeInterval = 30 * 60,
        fleetCapPerHour: Int = 5, breakerThreshold: Int = 2, breakerWindow: TimeInterval = 6 * 3600,
        dryRun: Bool = false, verificationWindow: TimeInterval = 10 * 60
    ) {
        self.action = action
        self.remediateTag = remediateTag
        self.cooldown = cooldown
        self.fleetCapPerHour = fleetCapPerHour
        self.breakerThreshold = breakerThreshold
        self.breakerWindow = breakerWindow
        self.dryRun = dryRun
        self.verificationWindow = verificationWindow
    }

    /// The runbooks in order: the configured ones, or `RunbookBook.defaults(fallback: action)`.
    public var runbooks: [Runbook] {
        get { customRunbooks ?? RunbookBook.defaults(fallback: action) }
        set { customRunbooks = newValue }
    }

    /// How far back the planner needs the action history: the longest of the guards' windows.
    public var historyHorizon: TimeInterval { max(cooldown, breakerWindow, 3600) }
}
