public import AIOpsCore
public import Foundation

/// Decides what to do about one critical incident: a pure function of the incident, the instance,
/// the recent action history and the time. No I/O, so every guard is tested on its own.
///
/// The guards, in order: an incident is decided once (idempotency); only critical incidents; not
/// when a person resolved or acknowledged it; only instances carrying the opt-in tag; only running
/// instances; the circuit breaker; the per-instance cooldown; the fleet's hourly cap. Then the
/// policy's action, or its dry run.
public struct RemediationPlanner: Sendable {
    public var policy: RemediationPolicy

    public init(policy: RemediationPolicy = RemediationPolicy()) {
        self.policy = policy
    }

    /// The decision for `incident` on `instance`, given the actions of the fleet (this instance's
    /// among them) taken up to `policy.historyHorizon` before `now`, in any order.
    public func decide(
        incident: Incident, instance: Instance, history: [RemediationAction], now: Date
    ) -> RemediationDecision {
        if let earlier = history.first(where: { $0.incidentID == incident.id }) {
            return .skip(.alreadyDecided(actionID: earlier.id, status: earlier.status))
        }
        guard incident.severity == .critical else { return .skip(.notCritical(incident.severity)) }
        guard incident.status == .open else { return .skip(.incidentClosed(incident.status)) }
        guard instance.carries(policy.remediateTag) else {
            return .skip(.notOptedIn(instanceID: instance.id, tag: policy.remediateTag))
        }
        guard instance.state == .running else {
            return .skip(.notRunning(instanceID: instance.id, state: instance.state))
        }

        // A reboot keeps what was deployed or configured: errors that started after a change are
        // for a person to roll back, on every member at once, not to reboot member by member.
        if let change = incident.findings.first(where: { $0.kind == .change }) {
            return .escalate(.afterChange(instanceIDs: incident.memberIDs, change: change.template))
        }

        let mine = history.filter { $0.instanceID == instance.id && Self.counts($0) }
        let failures = mine.filter { action in
            action.at > now.addingTimeInterval(-policy.breakerWindow) && Self.didNotHold(action)
        }
        if failures.count >= policy.breakerThreshold {
            return .escalate(
                .circuitOpen(instanceID: instance.id, failures: failures.count, window: policy.breakerWindow))
        }
        if let last = mine.map(\.at).max(), last > now.addingTimeInterval(-policy.cooldown) {
            return .skip(.cooldown(lastActionAt: last, until: last.addingTimeInterval(policy.cooldown)))
        }
        let lastHour = history.filter { Self.counts($0) && $0.at > now.addingTimeInterval(-3600) }
        if lastHour.count >= policy.fleetCapPerHour {
            return .skip(.fleetCapReached(actionsInLastHour: lastHour.count, cap: policy.fleetCapPerHour))
        }
        if policy.action == .notifyOnly { return .act(.notifyOnly) }
        if policy.dryRun { return .dryRun(policy.action) }
        return policy.requireApproval ? .awaitApproval(policy.action) : .act(policy.action)
    }

    /// True for actions taken (or that dry-run mode would have taken) on an instance: these count
    /// towards cooldown, cap and breaker. Skipped decisions and notifications do not. Dry runs count
    /// for cooldown and cap so that dry-run mode shows what live mode would do.
    static func counts(_ action: RemediationAction) -> Bool {
        guard action.kind != .notifyOnly else { return false }
        switch action.status {
        case .pending, .succeeded, .failed, .dryRun: return true
        case .skipped, .awaitingApproval: return false
        }
    }

    /// A remediation that failed its verification, or that succeeded but was followed by another
    /// critical incident on the same instance (the caller is deciding that one now): it did not hold.
    static func didNotHold(_ action: RemediationAction) -> Bool {
        action.status == .failed || action.status == .succeeded
    }
}
