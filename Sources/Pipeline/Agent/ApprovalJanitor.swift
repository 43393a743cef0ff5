public import AIOpsCore
public import Foundation

/// Upkeep beside `IncidentJanitor`: expires the approvals nobody answered in time and escalates
/// each to a person. It runs after every detection cycle, embedded and in the scheduled detector
/// function alike, so a pending approval expires whichever process asked for it.
public struct ApprovalJanitor: Sendable {
    let store: any IncidentStore
    /// Where the escalation goes; nil: audited only.
    let notifier: (any Notifier)?
    /// Who the audit trail names.
    let actor = "agent"

    public init(store: any IncidentStore, notifier: (any Notifier)?) {
        self.store = store
        self.notifier = notifier
    }

    /// Expires the approvals overdue at `now`; returns the expired approvals.
    ///
    /// The expiry is settled first (a person's answer written a moment before wins, and nothing is
    /// escalated then); the action is then marked skipped and the people are told.
    public func expireOverdue(now: Date) async throws -> [Approval] {
        var expired: [Approval] = []
        for approval in try await store.pendingApprovals(limit: 500) where approval.isOverdue(at: now) {
            let settled = approval.settled(.expired, by: actor, via: "upkeep", at: now)
            guard case .settled = try await store.settleApproval(settled) else { continue }
            let waited = "\(Int(now.timeIntervalSince(approval.requestedAt) / 60)) min"
            let reason =
                "\(approval.kind.rawValue) of \(approval.instance.id) was not approved by \(approval.approverRole) "
                + "within \(waited) (asked at \(ISO8601.string(from: approval.requestedAt))); nothing was done: "
                + "a person must act"
            if var action = try await store.action(of: approval), action.status == .awaitingApproval {
                action.status = .skipped
                action.reason += "; approval expired: \(reason)"
                try await store.update(action)
            }
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", approval.id, "expired"), at: now, actor: actor,
                    action: "approval-expired",
                    instanceID: approval.instance.id, incidentID: approval.incidentID, outcome: "expired",
                    reason: reason))
            try await escalate(approval, because: reason, now: now)
            expired.append(approval)
        }
        return expired
    }

    /// Pages the incident's people, unless the incident is closed (then audited as withheld).
    private func escalate(_ approval: Approval, because reason: String, now: Date) async throws {
        let incident = try await store.incident(id: approval.incidentID)
        let record = { (outcome: String, why: String) in
            AuditRecord(
                id: StableID.make("audit", approval.incidentID, "escalate", "approval-expired"), at: now,
                actor: self.actor, action: "escalate", instanceID: approval.instance.id,
                incidentID: approval.incidentID, outcome: outcome, reason: why)
        }
        guard var incident, incident.status != .resolved else {
            try await store.append(record("withheld", "\(reason); nobody paged: the incident is resolved already"))
            return
        }
        guard let notifier else {
            try await store.append(record("audited only (no notifier here)", reason))
            return
        }
        incident.summary = "ESCALATION: approval expired: \(reason). Incident: \(incident.summary)"
        try await notifier.notify(
            CriticalAlert(
                alertID: StableID.make("alert", approval.incidentID, "approval-expired"), incident: incident,
                instance: approval.instance, raisedAt: now))
        try await store.append(record("person alerted", reason))
    }
}
