public import AIOpsCore
import Foundation

/// Approval with a person in the loop (`RemediationPolicy.requireApproval`): the engine asks,
/// and carries out the answer, whichever surface it came through.
extension RemediationEngine: ApprovalDesk {
    /// The incident's approval for `action` (made now, or found made by an earlier delivery).
    func requestApproval(for action: RemediationAction, alert: CriticalAlert, now: Date) async throws -> Approval {
        let approval = Approval(
            id: Approval.id(incidentID: action.incidentID), incidentID: action.incidentID, actionID: action.id,
            instance: alert.instance, kind: action.kind, approverRole: policy.approverRole,
            reason: String(alert.incident.summary.prefix(1024)), requestedAt: now,
            expiresAt: now.addingTimeInterval(policy.approvalTimeout))
        if try await store.createApproval(approval) { return approval }
        return try await store.approval(id: approval.id) ?? approval
    }

    /// Asks the people (Slack's buttons, or an alert saying so), as the claimant only.
    func announce(_ approval: Approval, alert: CriticalAlert, now: Date) async throws {
        try await escalations.approvalRequested(approval, alert: alert)
    }

    /// Carries out `person`'s answer to approval `id`. The answer is settled first, as one
    /// conditional write (a double approval acts once); then, for an approval, the guards are
    /// checked again as they stand now and the action runs, audited and verified as any other.
    /// An answer after the incident resolved, after the expiry, or after someone else's does nothing
    /// and says so.
    public func answer(approvalID id: String, _ verdict: Approval.Verdict, by person: String, via surface: String)
        async throws -> ApprovalAnswer?
    {
        guard let approval = try await store.approval(id: id) else { return nil }
        let now = clock.now()
        let stored = try await store.action(of: approval)
        var settled: Approval
        switch approval.answer(verdict, by: person, via: surface, at: now) {
        case .unchanged(.alreadyDecided):
            return ApprovalAnswer(
                outcome: .alreadyDecided, approval: approval, action: stored,
                message: "approval \(id) was \(approval.standing) already; nothing done")
        case .unchanged(.expired):
            return ApprovalAnswer(
                outcome: .expired, approval: approval, action: stored,
                message: "approval \(id) expired at \(ISO8601.string(from: approval.expiresAt)); nothing done "
                    + "(the expiry is escalated to a person)")
        case .settle(let copy):
            settled = copy
        }
        let incident = try await store.incident(id: approval.incidentID)
        if verdict == .approve, incident.map({ $0.status == .resolved }) ?? true { settled.state = .withdrawn }
        switch try await store.settleApproval(settled) {
        case .missing: return nil
        case .alreadySettled(let first):
            return ApprovalAnswer(
                outcome: .alreadyDecided, approval: first, action: stored,
                message: "approval \(id) was \(first.standing) first; nothing done")
        case .settled: break
        }
        let who = "\(surface):\(person)"
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", id, "answer"), at: now, actor: who, action: verdict.rawValue,
                instanceID: approval.instance.id, incidentID: approval.incidentID, outcome: settled.state.rawValue,
                reason: "\(approval.kind.rawValue) of \(approval.instance.id), asked of \(approval.approverRole) at "
                    + ISO8601.string(from: approval.requestedAt)))
        guard var action = stored, action.id == approval.actionID, action.status == .awaitingApproval else {
            return ApprovalAnswer(
                outcome: .notExecuted, approval: settled, action: stored,
                message: "the incident's action is \(stored?.status.rawValue ?? "missing"), not awaiting approval; "
                    + "nothing done")
        }
        guard settled.state == .approved, let incident else {
            let resolved = settled.state == .withdrawn
            action = try await close(
                action, note: Self.closingNote(settled) ?? "approved by \(who), but the incident is gone: nothing done",
                step: "answer", now: now)
            return ApprovalAnswer(
                outcome: resolved ? .incidentResolved : .rejected, approval: settled, action: action,
                message: resolved
                    ? "incident \(approval.incidentID) is resolved already: the approval does nothing"
                    : "rejected: \(approval.kind.rawValue) of \(approval.instance.id) will not run")
        }
        // One process carries an approved action out: this one, or the upkeep that found the
        // approval settled and its action still awaiting (`reconcileApprovals`) first.
        guard try await store.markHandled(eventID: Self.carryOutKey(approvalID: id), at: now) else {
            let current = try await store.action(of: approval)
            return ApprovalAnswer(
                outcome: current.map { [.pending, .succeeded].contains($0.status) } == true ? .executed : .notExecuted,
                approval: settled, action: current,
                message: "approved; the agent's upkeep carried it out: the action is "
                    + (current?.status.rawValue ?? "missing"))
        }
        return try await carryOut(settled, action: action, incident: incident, by: who, now: now)
    }

    /// Marks `action` skipped with `note` (the answer that closed it), audited.
    func close(_ action: RemediationAction, note: String, step: String, now: Date) async throws -> RemediationAction {
        var closed = action
        closed.status = .skipped
        closed.reason += "; \(note)"
        try await audit(closed, step: step, verb: "skip", outcome: closed.status.rawValue, now: now)
        try await store.update(closed)
        return closed
    }

    /// Why a settled approval that is not `approved` leaves its action undone; nil for the others.
    static func closingNote(_ approval: Approval) -> String? {
        let who = "\(approval.decidedVia ?? "unknown"):\(approval.decidedBy ?? "unknown")"
        let when = approval.decidedAt.map { ISO8601.string(from: $0) } ?? "an unknown time"
        switch approval.state {
        case .rejected: return "rejected by \(who) at \(when): nothing done"
        case .withdrawn: return "approved by \(who) after the incident resolved: nothing done"
        case .expired:
            return "approval expired at \(ISO8601.string(from: approval.expiresAt)) unanswered by "
                + "\(approval.approverRole): nothing done; a person must act"
        case .pending, .approved: return nil
        }
    }

    /// The approved action, through the guards as they stand now (not the alert's age: the wait was
    /// the person's), then executed and left `pending` for verification.
    func carryOut(
        _ approval: Approval, action approved: RemediationAction, incident stored: Incident, by who: String, now: Date
    ) async throws -> ApprovalAnswer {
        // Acknowledged is how a person takes an incident before approving its action: still theirs to act on.
        var incident = stored
        if incident.status == .acknowledged { incident.status = .open }
        let instance = try await currentInstance(approval.instance)
        var history = try await guardHistory(instanceID: instance.id, now: now)
        history.removeAll { $0.id == approved.id || ShadowRecord.isShadow($0) }
        // The runbook's command as planned now (the approval names its kind), through the guards
        // as they stand now.
        var planner = planner
        planner.policy.requireApproval = false
        let plan = planner.plan(
            incident: incident, instance: instance, history: history, now: now,
            shadowSuccesses: try await shadowSuccesses(now: now))
        let command =
            plan.command.flatMap { $0.kind == approval.kind ? $0 : nil }
            ?? RunbookCommand(runbook: approval.kind.rawValue, kind: approval.kind)
        var decision: RemediationDecision =
            planner.guards(incident: incident, instance: instance, history: history, now: now)
            ?? (policy.dryRun ? .dryRun(command.kind) : .act(command.kind))
        if Self.needsGuards(decision),
            case .lost(let reason) = try await reserveGuards(holder: approved.id, instanceID: instance.id, now: now)
        {
            decision = .skip(reason)
        }
        let fresh = record(for: decision, incident: incident, command: command, now: now)
        var action = approved
        action.kind = fresh.kind
        action.status = fresh.status
        action.at = now
        action.reason = "approved by \(who): \(fresh.reason)"
        try await store.update(action)
        try await audit(action, step: "approved", verb: Self.verb(decision), outcome: action.status.rawValue, now: now)
        switch decision {
        case .act(let kind) where kind != .notifyOnly:
            _ = try await run(command, action: &action, incident: incident, instance: instance)
        case .escalate(let reason):
            _ = try await escalate(incident, instance: instance, because: reason.description, key: "breaker", now: now)
        case .act, .dryRun, .skip, .awaitApproval:
            break
        }
        let executed = action.status == .pending
        return ApprovalAnswer(
            outcome: executed ? .executed : .notExecuted, approval: approval, action: action,
            message: executed
                ? "approved: \(action.kind.rawValue) of \(instance.id) executed; verification due at "
                    + ISO8601.string(from: now.addingTimeInterval(policy.verificationWindow))
                : "approved, but not executed: \(action.reason)")
    }
}
