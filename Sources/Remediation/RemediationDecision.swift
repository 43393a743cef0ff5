public import AIOpsCore
public import Foundation

/// What the planner decided for one critical incident.
public enum RemediationDecision: Sendable, Hashable, CustomStringConvertible {
    /// Take the action now.
    case act(ActionKind)
    /// Every guard passed, but dry-run mode records the action instead of taking it.
    case dryRun(ActionKind)
    /// Take no action (people were alerted already).
    case skip(SkipReason)
    /// Stop automatic healing of this instance and hand it to a person.
    case escalate(EscalationReason)
    /// Every guard passed, but a person approves the action first (the runbook runs in `approve`
    /// mode, or the policy requires approval): it waits for an `Approval`, and the guards are
    /// checked again when it comes.
    case awaitApproval(ActionKind)

    public var description: String {
        switch self {
        case .act(let kind): "act: \(kind.rawValue)"
        case .dryRun(let kind): "dry run: would \(kind.rawValue)"
        case .skip(let reason): "skip: \(reason)"
        case .escalate(let reason): "escalate: \(reason)"
        case .awaitApproval(let kind): "await approval: \(kind.rawValue)"
        }
    }
}

extension RemediationDecision {
    /// True for `.awaitApproval`.
    public var awaitsApproval: Bool {
        if case .awaitApproval = self { return true }
        return false
    }
}

/// Why no action was taken; the description is the audit trail's wording.
public enum SkipReason: Sendable, Hashable, CustomStringConvertible {
    /// The incident was decided already (the same alert delivered again).
    case alreadyDecided(actionID: String, status: ActionStatus)
    case notCritical(Severity)
    /// A person resolved or acknowledged the incident; automatic action would get in their way.
    case incidentClosed(IncidentStatus)
    case notOptedIn(instanceID: String, tag: TagSelector)
    case notRunning(instanceID: String, state: InstanceState)
    /// The instance was acted on too recently.
    case cooldown(lastActionAt: Date, until: Date)
    /// The fleet used its hourly allowance of actions.
    case fleetCapReached(actionsInLastHour: Int, cap: Int)
    /// The alert arrived later than the policy's `maxAlertAge` after it was raised.
    case staleAlert(raisedAt: Date, maxAge: TimeInterval)
    /// No runbook in `approve` or `auto` mode matches the incident (or can act on its instance).
    case noRunbook(faultClass: FaultClass)

    public var description: String {
        switch self {
        case .alreadyDecided(let id, let status):
            "the incident was decided already (action \(id), \(status.rawValue)); duplicate alert ignored"
        case .notCritical(let severity):
            "severity is \(severity.rawValue); only critical incidents are remediated"
        case .incidentClosed(let status):
            "the incident is \(status.rawValue) by a person; no automatic action"
        case .notOptedIn(let id, let tag):
            "\(id) does not carry the remediation tag \(tag); alert only"
        case .notRunning(let id, let state):
            "\(id) is \(state.rawValue), not running"
        case .cooldown(let last, let until):
            "cooldown: the instance was acted on at \(ISO8601.string(from: last)); next action allowed at \(ISO8601.string(from: until))"
        case .fleetCapReached(let count, let cap):
            "fleet cap reached: \(count) actions in the last hour (cap \(cap))"
        case .staleAlert(let raisedAt, let maxAge):
            "stale alert: raised at \(ISO8601.string(from: raisedAt)), more than \(Int(maxAge / 60)) min ago "
                + "(AIOPS_MAX_ALERT_AGE); the instance may have changed since, so no automatic action"
        case .noRunbook(let faultClass):
            "no runbook in approve or auto mode matches this incident (fault class \(faultClass.rawValue)); alert only"
        }
    }
}

/// Why automatic healing stopped for an instance.
public enum EscalationReason: Sendable, Hashable, CustomStringConvertible {
    /// Remediations of this instance kept failing (or did not hold): the circuit breaker is open.
    case circuitOpen(instanceID: String, failures: Int, window: TimeInterval)
    /// The anomalies started after a change (a release, a configuration push), which a reboot
    /// does not undo.
    case afterChange(instanceIDs: [String], change: String)

    public var description: String {
        switch self {
        case .afterChange(let ids, let change):
            "the errors on \(ids.joined(separator: ", ")) started after \(change); a reboot does not undo a "
                + "change: a person must roll it back"
        case .circuitOpen(let id, let failures, let window):
            "circuit breaker open: \(failures) remediations of \(id) failed or did not hold in the last "
                + "\(Self.hours(window)); a person must look instead of another automatic action"
        }
    }

    private static func hours(_ seconds: TimeInterval) -> String {
        seconds >= 3600 && seconds.truncatingRemainder(dividingBy: 3600) == 0
            ? "\(Int(seconds / 3600))h" : "\(Int(seconds / 60)) min"
    }
}
