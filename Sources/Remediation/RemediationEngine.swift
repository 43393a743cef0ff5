public import AIOpsCore
import Foundation

/// Executes remediation decisions: guarded by the planner, made once per incident through the
/// store's idempotency claim, audited, and verified later.
///
/// Safety over liveness: the claim is written before the instance is touched, so an engine killed
/// between the two never acts twice; the unexecuted action then fails its verification and a person
/// is alerted.
public struct RemediationEngine: Sendable {
    public var planner: RemediationPlanner
    let store: any IncidentStore
    let controller: any InstanceController
    let inventory: (any InstanceInventory)?
    let probe: any RecoveryProbe
    let escalations: any Notifier
    let clock: any AgentClock
    /// Who the audit trail names as the actor.
    public var actor: String

    /// - Parameters:
    ///   - inventory: looked up for the instance's current tags and state (a tag removed since the
    ///     alert must stop the action); when nil, the alert's copy of the instance is trusted.
    ///   - escalations: where follow-up alerts for people go (not the bus that triggers remediation).
    public init(
        policy: RemediationPolicy, store: any IncidentStore, controller: any InstanceController,
        inventory: (any InstanceInventory)?, probe: any RecoveryProbe, escalations: any Notifier,
        clock: any AgentClock, actor: String = "remediation"
    ) {
        self.planner = RemediationPlanner(policy: policy)
        self.store = store
        self.controller = controller
        self.inventory = inventory
        self.probe = probe
        self.escalations = escalations
        self.clock = clock
        self.actor = actor
    }

    public var policy: RemediationPolicy { planner.policy }

    /// The idempotency key of the one remediation decision an incident gets.
    public static func idempotencyKey(incidentID: String) -> String { "remediate:\(incidentID)" }

    /// Decides and, when allowed, acts on one critical alert. Delivering the same alert again (or
    /// another alert for the same incident) records a duplicate in the audit trail and does nothing.
    public func handle(_ alert: CriticalAlert) async throws -> RemediationOutcome {
        let now = clock.now()
        // The alert says how bad it is; the store says whether a person has since taken or closed it.
        var incident = alert.incident
        if let stored = try await store.incident(id: incident.id) { incident.status = stored.status }
        let instance = try await currentInstance(alert.instance)
        var history = try await guardHistory(instanceID: instance.id, now: now)
        // The incident's own records: its decision, beside the shadow runs recorded with it.
        history += try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 50)
        let plan = planner.plan(
            incident: incident, instance: instance, history: history, now: now,
            shadowSuccesses: try await shadowSuccesses(now: now))
        var decision = plan.decision

        if case .skip(.alreadyDecided(let actionID, _)) = decision,
            let earlier = history.first(where: { $0.id == actionID })
        {
            return try await duplicate(alert, earlier: earlier, decision: decision, now: now)
        }
        // Only what would act is held to the alert's age: a late alert's other outcomes stand.
        if Self.needsGuards(decision) || decision.awaitsApproval,
            now.timeIntervalSince(alert.raisedAt) > policy.maxAlertAge
        {
            decision = .skip(.staleAlert(raisedAt: alert.raisedAt, maxAge: policy.maxAlertAge))
        }
        // The leases decide the guards (the history read above is a hint). They are held in the
        // name of the incident's one action, so two deliveries of one alert share them, and a
        // redelivery after a crash takes them again: taken before the claim, they leave the
        // claim and its audit record adjacent, as a restart expects.
        var lostRace = false
        if Self.needsGuards(decision),
            case .lost(let reason) = try await reserveGuards(
                holder: Self.actionID(incidentID: incident.id), instanceID: instance.id, now: now)
        {
            decision = .skip(reason)
            lostRace = true
        }
        var action = record(for: decision, incident: incident, command: plan.command, now: now)
        if lostRace { action.reason += " (taken by a concurrent decision)" }
        // Before the claim, so a claim whose process died is never left without its approval to
        // answer (the id is the incident's: a second delivery finds the same one).
        let approval = try await decision.awaitsApproval ? requestApproval(for: action, alert: alert, now: now) : nil
        guard try await store.claim(action) else {
            let earlier =
                try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 50)
                .first { !ShadowRecord.isShadow($0) } ?? action
            return try await duplicate(alert, earlier: earlier, decision: decision, now: now)
        }
        try await audit(action, step: "decide", verb: Self.verb(decision), outcome: action.status.rawValue, now: now)
        try await recordShadows(plan.shadows, incident: incident, now: now)

        var escalation: CriticalAlert?
        switch decision {
        case .act(let kind) where kind != .notifyOnly:
            escalation = try await run(
                plan.command ?? RunbookCommand(runbook: kind.rawValue, kind: kind), action: &action,
                incident: incident, instance: instance)
        case .awaitApproval:
            if let approval { try await announce(approval, alert: alert, now: now) }
        case .escalate(.afterChange(let ids, let change)):
            // The incident's page already told people, with the change among its evidence: the
            // decision not to reboot is audited, not paged a second time (one page per problem).
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", incident.id, "escalate", "change"), at: now, actor: actor,
                    action: "escalate", instanceID: instance.id, incidentID: incident.id,
                    outcome: "left to people (paged with the incident)",
                    reason: EscalationReason.afterChange(instanceIDs: ids, change: change).description))
        case .escalate(let reason):
            escalation = try await escalate(
                incident, instance: instance, because: reason.description, key: "breaker", now: now)
        case .skip(.staleAlert):
            // The agent would have acted: a person decides instead (once: only the claimant gets here).
            escalation = try await escalate(
                incident, instance: instance, because: action.reason + "; a person must decide", key: "stale",
                now: now)
        case .act, .dryRun, .skip:
            break
        }
        return RemediationOutcome(decision: decision, action: action, duplicate: false, escalation: escalation)
    }

    /// Runs `command` on the instance for `action` (claimed, `pending`), auditing it; a failure
    /// fails the action and alerts a person (the returned follow-up).
    func run(_ command: RunbookCommand, action: inout RemediationAction, incident: Incident, instance: Instance)
        async throws -> CriticalAlert?
    {
        let kind = command.kind
        do {
            try await execute(command, instanceID: instance.id)
            try await audit(action, step: "execute", verb: kind.rawValue, outcome: "executed", now: clock.now())
            return nil
        } catch {
            action.status = .failed
            action.reason += "; \(kind.rawValue) failed: \(error)"
            let escalation = try await escalate(
                incident, instance: instance,
                because: "automatic \(kind.rawValue) of \(instance.id) failed (\(error)); a person must act",
                key: "execute-failed", now: clock.now())
            try await store.update(action)
            try await audit(action, step: "execute", verb: kind.rawValue, outcome: "failed", now: clock.now())
            return escalation
        }
    }

    /// The actions the guards read (a hint only: the leases decide), in two bounded reads: this
    /// instance's over the guards' longest window, and the rest of the fleet's over the last hour
    /// (the cap's window).
    func guardHistory(instanceID: String, now: Date) async throws -> [RemediationAction] {
        let mine = try await store.actions(
            incidentID: nil, instanceID: instanceID, since: now.addingTimeInterval(-policy.historyHorizon), limit: 500)
        let fleet = try await store.actions(
            incidentID: nil, instanceID: nil, since: now.addingTimeInterval(-3600), limit: 500)
        return mine + fleet.filter { $0.instanceID != instanceID }
    }

    /// Decisions that would act (or show what acting would do) reserve the cooldown and a fleet slot.
    static func needsGuards(_ decision: RemediationDecision) -> Bool {
        switch decision {
        case .act(let kind), .dryRun(let kind): kind != .notifyOnly
        case .skip, .escalate, .awaitApproval: false
        }
    }

    /// Each runbook's judged shadow successes, read only when a runbook requires some to leave shadow.
    func shadowSuccesses(now: Date) async throws -> [String: Int] {
        let runbooks = policy.runbooks
        guard runbooks.contains(where: { $0.shadowSuccessesRequired > 0 }) else { return [:] }
        let records = try await RunbookRecord.read(from: store, runbooks: runbooks.map(\.name), now: now)
        return Dictionary(uniqueKeysWithValues: records.map { ($0.runbook, $0.judgedTruePositive) })
    }

    /// Records each shadow run once (its own idempotency key) and audits it: what the runbook
    /// would have done, with the guards' verdict. Nothing is reserved or touched.
    private func recordShadows(_ shadows: [ShadowRun], incident: Incident, now: Date) async throws {
        for run in shadows {
            let record = ShadowRecord.record(run, incident: incident, now: now)
            guard try await store.claim(record) else { continue }
            try await audit(
                record, step: "shadow", verb: "shadow \(record.kind.rawValue)", outcome: record.status.rawValue,
                now: now)
        }
    }

    /// The id of the one action an incident gets.
    static func actionID(incidentID: String) -> String { StableID.make("act", incidentID) }

    /// Runs a `GuardReservation` against the store's leases, held by `holder`.
    func reserveGuards(holder: String, instanceID: String, now: Date) async throws -> GuardReservation.Step {
        var reservation = GuardReservation(policy: policy, instanceID: instanceID, now: now)
        while true {
            switch reservation.next() {
            case .acquire(let key, let until):
                reservation.received(try await store.acquireLease(key, holder: holder, until: until, now: now))
            case .release(let key):
                try await store.releaseLease(key, holder: holder)
            case let done:
                return done
            }
        }
    }

    func currentInstance(_ fromAlert: Instance) async throws -> Instance {
        guard let inventory else { return fromAlert }
        guard let current = try await inventory.instance(id: fromAlert.id) else {
            var gone = fromAlert
            gone.state = .terminated
            return gone
        }
        return current
    }

    func record(
        for decision: RemediationDecision, incident: Incident, command: RunbookCommand?, now: Date
    ) -> RemediationAction {
        let (kind, status): (ActionKind, ActionStatus) =
            switch decision {
            case .act(.notifyOnly): (.notifyOnly, .succeeded)
            case .act(let kind): (kind, .pending)
            case .dryRun(let kind): (kind, .dryRun)
            case .awaitApproval(let kind): (kind, .awaitingApproval)
            case .skip, .escalate: (command?.kind ?? policy.action, .skipped)
            }
        // The default fallback runbook is named after its action: its words stay as before runbooks.
        let what = command.map {
            $0.runbook == $0.kind.rawValue ? $0.kind.rawValue : "runbook \($0.runbook): \($0.description)"
        }
        let reason =
            switch decision {
            case .act(.notifyOnly): "notify-only policy: people were alerted, no automatic action"
            case .act(let kind):
                "\(what ?? kind.rawValue) of \(incident.instanceID): critical incident, every guard passed; "
                    + "verification due at \(ISO8601.string(from: now.addingTimeInterval(policy.verificationWindow)))"
            case .dryRun(let kind): "dry run: would \(what ?? kind.rawValue) \(incident.instanceID); every guard passed"
            case .awaitApproval(let kind):
                "\(what ?? kind.rawValue) of \(incident.instanceID) awaits approval by \(policy.approverRole) until "
                    + "\(ISO8601.string(from: now.addingTimeInterval(policy.approvalTimeout))); every guard passed "
                    + "(checked again on approval)"
            case .skip(let reason): reason.description
            case .escalate(let reason): "escalated to a person: \(reason)"
            }
        return RemediationAction(
            id: Self.actionID(incidentID: incident.id), incidentID: incident.id, instanceID: incident.instanceID,
            kind: kind, status: status, at: now, reason: reason,
            idempotencyKey: Self.idempotencyKey(incidentID: incident.id))
    }

    private func execute(_ command: RunbookCommand, instanceID: String) async throws {
        switch command.kind {
        case .reboot: try await controller.reboot(instanceID: instanceID)
        case .stopStart: try await controller.stopAndStart(instanceID: instanceID)
        case .restartService:
            guard let service = command.service else {
                throw AIOpsError(.invalidInput, "runbook \(command.runbook) names no service to restart")
            }
            try await controller.restartService(service, instanceID: instanceID)
        case .freeDisk: try await controller.freeDisk(instanceID: instanceID)
        case .runAutomation:
            guard let document = command.document else {
                throw AIOpsError(.invalidInput, "runbook \(command.runbook) names no automation document")
            }
            try await controller.runAutomation(document: document, instanceID: instanceID)
        case .notifyOnly: break
        }
    }

    private func duplicate(
        _ alert: CriticalAlert, earlier: RemediationAction, decision: RemediationDecision, now: Date
    ) async throws -> RemediationOutcome {
        let outcome = RemediationOutcome(
            decision: .skip(.alreadyDecided(actionID: earlier.id, status: earlier.status)), action: earlier,
            duplicate: true, escalation: nil)
        let decided = StableID.make("audit", earlier.id, "decide")
        if try await !store.audit(incidentID: earlier.incidentID, limit: 200).contains(where: { $0.id == decided }) {
            // The first attempt died between its claim and its audit record (or is between them right
            // now): write that record, the same one it writes, so the trail shows the decision. The
            // instance is not touched here: an action whose call never happened fails verification.
            try await audit(
                earlier, step: "decide", verb: Self.verb(of: earlier), outcome: earlier.status.rawValue, now: earlier.at
            )
            return outcome
        }
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", alert.alertID, "duplicate"), at: now, actor: actor, action: "duplicate",
                instanceID: earlier.instanceID, incidentID: earlier.incidentID, outcome: "ignored",
                reason: "alert \(alert.alertID): incident decided already (action \(earlier.id), "
                    + "\(earlier.status.rawValue)); nothing done"))
        return outcome
    }

    /// The audit verb of the decision that recorded `action` (as `verb(_:)` named it then).
    static func verb(of action: RemediationAction) -> String {
        switch action.status {
        case .dryRun: "dry-run \(action.kind.rawValue)"
        case .awaitingApproval: "request-approval \(action.kind.rawValue)"
        case .shadow: "shadow \(action.kind.rawValue)"
        case .skipped: action.reason.hasPrefix("escalated to a person") ? "escalate" : "skip"
        case .pending, .succeeded, .failed: action.kind.rawValue
        }
    }

    static func verb(_ decision: RemediationDecision) -> String {
        switch decision {
        case .act(let kind): kind.rawValue
        case .dryRun(let kind): "dry-run \(kind.rawValue)"
        case .awaitApproval(let kind): "request-approval \(kind.rawValue)"
        case .skip: "skip"
        case .escalate: "escalate"
        }
    }

    func audit(_ action: RemediationAction, step: String, verb: String, outcome: String, now: Date) async throws {
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", action.id, step), at: now, actor: actor, action: verb,
                instanceID: action.instanceID, incidentID: action.incidentID, outcome: outcome, reason: action.reason))
    }

    /// Sends a person a follow-up alert for `incident` (deterministic id: a replay overwrites, not
    /// repeats), unless the incident is no longer open: acknowledged, a person has it and a second
    /// page is noise; resolved, there is nothing to page about. That is audited as withheld. The
    /// status is read now, not taken from the caller's copy, which may predate the person's decision.
    /// An incident of several instances was paged as one problem and stays with people: its
    /// follow-up is audited and shown, not paged again (one page per problem).
    func escalate(
        _ incident: Incident, instance: Instance, because reason: String, key: String, now: Date
    ) async throws -> CriticalAlert? {
        let stored = try await store.incident(id: incident.id)
        if let status = stored?.status, status != .open {
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", incident.id, "escalate", key), at: now, actor: actor,
                    action: "escalate", instanceID: instance.id, incidentID: incident.id, outcome: "withheld",
                    reason: "\(reason); nobody paged: the incident is \(status.rawValue) already"))
            return nil
        }
        if let stored, stored.correlation.members.count >= 2 {
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", incident.id, "escalate", key), at: now, actor: actor,
                    action: "escalate", instanceID: instance.id, incidentID: incident.id,
                    outcome: "left to people (paged with the incident)", reason: reason))
            return nil
        }
        var followUp = incident
        followUp.summary = "ESCALATION: \(reason). Incident: \(incident.summary)"
        let alert = CriticalAlert(
            alertID: StableID.make("alert", incident.id, key), incident: followUp, instance: instance, raisedAt: now)
        try await escalations.notify(alert)
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", incident.id, "escalate", key), at: now, actor: actor, action: "escalate",
                instanceID: instance.id, incidentID: incident.id, outcome: "person alerted", reason: reason))
        return alert
    }
}
