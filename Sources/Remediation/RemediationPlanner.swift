public import AIOpsCore
public import Foundation

/// Decides what to do about one critical incident: a pure function of the incident, the instance,
/// the recent action history and the time. No I/O, so every guard is tested on its own.
///
/// The guards, in order: an incident is decided once (idempotency); only critical incidents; not
/// when a person resolved or acknowledged it; only instances carrying the opt-in tag; only running
/// instances; the circuit breaker; the per-instance cooldown; the fleet's hourly cap. Then the
/// first matching runbook's action in `auto` mode, its approval in `approve` mode, or its dry run.
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
        plan(incident: incident, instance: instance, history: history, now: now).decision
    }

    /// The decision and the runbook behind it, and what each matching runbook in shadow would have
    /// done. `shadowSuccesses` gives each runbook's judged shadow successes (`RunbookRecord`), read
    /// only for runbooks that require some before they leave shadow.
    public func plan(
        incident: Incident, instance: Instance, history: [RemediationAction], now: Date,
        shadowSuccesses: [String: Int] = [:]
    ) -> RemediationPlan {
        let decisions = history.filter { !ShadowRecord.isShadow($0) }
        if let earlier = decisions.first(where: { $0.incidentID == incident.id }) {
            return RemediationPlan(decision: .skip(.alreadyDecided(actionID: earlier.id, status: earlier.status)))
        }
        guard incident.severity == .critical else {
            return RemediationPlan(decision: .skip(.notCritical(incident.severity)))
        }

        var acting: (command: RunbookCommand, mode: RunbookMode)?
        var shadows: [ShadowRun] = []
        for runbook in policy.runbooks where runbook.signature.matches(incident, on: instance) {
            guard let command = runbook.command(on: instance) else { continue }
            var mode = policy.modeOverride ?? runbook.mode
            var note: String?
            let successes = shadowSuccesses[runbook.name] ?? 0
            if mode != .shadow, successes < runbook.shadowSuccessesRequired {
                note =
                    "\(mode.rawValue) requires \(runbook.shadowSuccessesRequired) judged shadow successes; "
                    + "it has \(successes)"
                mode = .shadow
            }
            if mode == .shadow {
                let verdict = guards(incident: incident, instance: instance, history: decisions, now: now)
                shadows.append(ShadowRun(command: command, verdict: verdict ?? .act(command.kind), note: note))
            } else if acting == nil {
                acting = (command, mode)
            }
        }
        guard let acting else {
            let skip = guards(incident: incident, instance: instance, history: decisions, now: now)
            return RemediationPlan(
                decision: skip ?? .skip(.noRunbook(faultClass: FaultClass.of(incident))), shadows: shadows)
        }
        let kind = acting.command.kind
        let decision: RemediationDecision
        if let stop = guards(incident: incident, instance: instance, history: decisions, now: now) {
            decision = stop
        } else if kind == .notifyOnly {
            decision = .act(.notifyOnly)
        } else if policy.dryRun {
            decision = .dryRun(kind)
        } else {
            decision = acting.mode == .approve || policy.requireApproval ? .awaitApproval(kind) : .act(kind)
        }
        return RemediationPlan(decision: decision, command: acting.command, shadows: shadows)
    }

    /// The first guard that stops an action on `instance`, or nil when every guard passes: the
    /// incident still open, the opt-in tag, a running instance, no change behind the errors, the
    /// circuit breaker, the cooldown and the fleet's hourly cap.
    func guards(incident: Incident, instance: Instance, history: [RemediationAction], now: Date)
        -> RemediationDecision?
    {
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
        return nil
    }

    /// True for actions taken (or that dry-run mode would have taken) on an instance: these count
    /// towards cooldown, cap and breaker. Skipped decisions and notifications do not. Dry runs count
    /// for cooldown and cap so that dry-run mode shows what live mode would do.
    static func counts(_ action: RemediationAction) -> Bool {
        guard action.kind != .notifyOnly else { return false }
        switch action.status {
        case .pending, .succeeded, .failed, .dryRun: return true
        case .skipped, .shadow, .awaitingApproval: return false
        }
    }

    /// A remediation that failed its verification, or that succeeded but was followed by another
    /// critical incident on the same instance (the caller is deciding that one now): it did not hold.
    static func didNotHold(_ action: RemediationAction) -> Bool {
        action.status == .failed || action.status == .succeeded
    }
}
