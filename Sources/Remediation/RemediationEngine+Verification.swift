import AIOpsCore
public import Foundation

extension RemediationEngine {
    /// How far back pending actions are looked for: an agent down longer than this leaves them pending.
    public static let pendingHorizon: TimeInterval = 7 * 86_400

    /// Verifies every action whose verification window has ended, as found in the store (so a
    /// restarted agent picks up the verifications its predecessor left pending). Recovered → the
    /// action succeeded and the incident is resolved; not recovered → it failed, and a person gets a
    /// follow-up alert. An action that cannot be checked now stays pending for the next pass.
    public func verifyDue() async throws -> VerificationReport {
        let now = clock.now()
        let due = try await store.pendingActions(since: now.addingTimeInterval(-Self.pendingHorizon), limit: 10_000)
            .filter { $0.status == .pending && $0.at.addingTimeInterval(policy.verificationWindow) <= now }
            .sorted { ($0.at, $0.id) < ($1.at, $1.id) }

        var report = VerificationReport()
        for action in due {
            do {
                report.outcomes.append(try await verify(action, now: now))
            } catch {
                report.errors.append((action.id, String(describing: error)))
            }
        }
        return report
    }

    /// Writes in an order that makes a replay harmless: the follow-up alert (same id on replay) and
    /// the incident first, the action's new status last, as the commit point.
    private func verify(_ pending: RemediationAction, now: Date) async throws -> VerificationOutcome {
        var action = pending
        guard var incident = try await store.incident(id: action.incidentID) else {
            action.status = .failed
            action.verifiedAt = now
            action.reason += "; verification impossible: incident \(action.incidentID) not found"
            try await audit(action, step: "verify", verb: "verify", outcome: "failed", now: now)
            try await store.update(action)
            return VerificationOutcome(
                action: action, verdict: .notRecovered(evidence: "incident not found"), escalation: nil)
        }
        let verdict = try await probe.verify(action: action, incident: incident, now: now)
        var escalation: CriticalAlert?
        switch verdict {
        case .recovered(let evidence):
            action.status = .succeeded
            action.reason += "; verified: \(evidence)"
            // Conditional on the copy it reads: an acknowledgement made meanwhile stands.
            if let written = try await store.update(
                incidentID: incident.id,
                { fresh in
                    // One member's recovery does not end a problem of several instances.
                    guard fresh.status == .open, fresh.correlation.members.count < 2 else { return false }
                    fresh.status = .resolved
                    fresh.resolvedAt = now
                    fresh.updatedAt = now
                    return true
                })
            {
                incident = written.incident
                if written.changed { await tellResolved(incident, now: now) }
            }
        case .notRecovered(let evidence):
            action.status = .failed
            action.reason += "; not recovered: \(evidence)"
            let instance =
                try await inventory?.instance(id: action.instanceID)
                ?? Instance(id: incident.instanceID, name: incident.instanceName)
            escalation = try await escalate(
                incident, instance: instance,
                because: "\(action.kind.rawValue) of \(action.instanceID) did not bring it back to baseline "
                    + "(\(evidence)); a person must act",
                key: "verify-failed", now: now)
        }
        action.verifiedAt = now
        try await audit(action, step: "verify", verb: "verify", outcome: action.status.rawValue, now: now)
        try await store.update(action)
        return VerificationOutcome(action: action, verdict: verdict, escalation: escalation)
    }

    /// Tells the escalation channels the incident resolved (PagerDuty's resolve). A failure does
    /// not undo the verification: the incident is resolved in the store whatever a channel says.
    private func tellResolved(_ incident: Incident, now: Date) async {
        try? await escalations.incidentChanged(incident, at: now)
    }
}
