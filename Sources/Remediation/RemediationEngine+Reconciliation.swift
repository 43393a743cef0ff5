public import AIOpsCore
public import Foundation

/// The upkeep's half of approval: a process that dies between settling an answer and updating the
/// incident's action leaves the action `awaiting_approval` beside a settled approval. The next
/// upkeep finds it and finishes the answer: an approved action is carried out (once, guards as
/// they stand now), a rejected, withdrawn or expired one is closed.
extension RemediationEngine {
    /// How far back, beyond the approval timeout, the upkeep looks for actions left awaiting: an
    /// agent down longer than this leaves them for a person (the incident's page shows them).
    public static let reconcileHorizon: TimeInterval = 86_400

    /// How long the process that took an approved action's carry-out has to record it. Past this,
    /// it is taken to have died between the two writes: the action is closed and a person told,
    /// never run a second time (safety over liveness, as for the incident's claim).
    public static let carryOutGrace: TimeInterval = 15 * 60

    /// The event key whose conditional write (`markHandled`) makes exactly one process the one
    /// that carries out an approved action: the answering process, or the upkeep.
    static func carryOutKey(approvalID: String) -> String { "carry-out:\(approvalID)" }

    /// Finishes the answers whose process stopped half-way; returns what came of each.
    public func reconcileApprovals() async throws -> [ApprovalAnswer] {
        let now = clock.now()
        let awaiting = try await store.actions(
            incidentID: nil, instanceID: nil,
            since: now.addingTimeInterval(-(policy.approvalTimeout + Self.reconcileHorizon)), limit: 1000
        ).filter { $0.status == .awaitingApproval && !ShadowRecord.isShadow($0) }
        var answers: [ApprovalAnswer] = []
        for action in awaiting {
            guard let approval = try await store.approval(id: Approval.id(incidentID: action.incidentID)),
                approval.actionID == action.id, approval.state != .pending
            else { continue }
            if let answer = try await reconcile(approval, action: action, now: now) { answers.append(answer) }
        }
        return answers
    }

    private func reconcile(_ approval: Approval, action: RemediationAction, now: Date) async throws
        -> ApprovalAnswer?
    {
        let incident = try await store.incident(id: approval.incidentID)
        if let note = Self.closingNote(approval) {
            let closed = try await close(action, note: note, step: "reconcile", now: now)
            if approval.state == .expired, let incident {
                _ = try await escalate(
                    incident, instance: approval.instance, because: note, key: "approval-expired", now: now)
            }
            let outcome: ApprovalAnswer.Outcome =
                switch approval.state {
                case .expired: .expired
                case .withdrawn: .incidentResolved
                default: .rejected
                }
            return ApprovalAnswer(outcome: outcome, approval: approval, action: closed, message: note)
        }
        let who = "\(approval.decidedVia ?? "unknown"):\(approval.decidedBy ?? "unknown")"
        let decidedAt = approval.decidedAt ?? approval.requestedAt
        guard try await store.markHandled(eventID: Self.carryOutKey(approvalID: approval.id), at: now) else {
            // Another process took the carry-out: still at it, or dead between taking it and its first write.
            guard decidedAt.addingTimeInterval(Self.carryOutGrace) <= now else { return nil }
            let note =
                "approved by \(who) at \(ISO8601.string(from: decidedAt)), but the process carrying it out "
                + "stopped before it ran: nothing done; a person must act"
            let closed = try await close(action, note: note, step: "reconcile", now: now)
            if let incident {
                _ = try await escalate(
                    incident, instance: approval.instance, because: note, key: "approval-lost", now: now)
            }
            return ApprovalAnswer(outcome: .notExecuted, approval: approval, action: closed, message: note)
        }
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", approval.id, "reconcile"), at: now, actor: actor, action: "reconcile",
                instanceID: approval.instance.id, incidentID: approval.incidentID, outcome: "carried out",
                reason: "approved by \(who) at \(ISO8601.string(from: decidedAt)), its action still awaiting "
                    + "(the answering process stopped before acting): carried out now"))
        guard let incident else {
            let note = "approved by \(who), but incident \(approval.incidentID) is gone: nothing done"
            let closed = try await close(action, note: note, step: "reconcile", now: now)
            return ApprovalAnswer(outcome: .notExecuted, approval: approval, action: closed, message: note)
        }
        return try await carryOut(approval, action: action, incident: incident, by: who, now: now)
    }
}
