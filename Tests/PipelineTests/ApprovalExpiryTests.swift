#if canImport(SQLiteStore)
    import AIOpsCore
    import Foundation
    import Pipeline
    import Remediation
    import SQLiteStore
    import TestSupport
    import Testing

    /// An approval nobody answers expires into an escalation, in the upkeep of whichever process
    /// runs next: here a new connection to the SQLite file, as after a restart.
    @Suite struct ApprovalExpiryTests {
        static let asked = Fixture.t0.addingTimeInterval(3600)

        /// A SQLite file holding an open critical incident whose reboot awaits approval.
        static func pending(in folder: TemporaryDirectory, status: IncidentStatus = .open) async throws -> Approval {
            let store = try SQLiteIncidentStore(path: folder.file("aiops.sqlite").path)
            let incident = Incident(
                id: "inc-1", instanceID: Fixture.web1.id, instanceName: Fixture.web1.name, metric: .cpuUtilization,
                openedAt: asked, updatedAt: asked, status: status, severity: .critical, summary: "CPU 97% on web-1",
                anomaly: Fixture.anomaly(at: asked), peakScore: 0.9, anomalyCount: 1, findings: [])
            try await store.save(incident)
            let action = RemediationAction(
                id: "act-1", incidentID: "inc-1", instanceID: Fixture.web1.id, kind: .reboot,
                status: .awaitingApproval, at: asked, reason: "reboot awaits approval",
                idempotencyKey: "remediate:inc-1")
            #expect(try await store.claim(action))
            // A shadow runbook's record beside it, newer: the incident's newest record is not its action.
            let shadow = RemediationAction(
                id: "act-1-shadow", incidentID: "inc-1", instanceID: Fixture.web1.id, kind: .restartService,
                status: .shadow, at: asked.addingTimeInterval(1), reason: "shadow: runbook restart-web would restart",
                idempotencyKey: ShadowRecord.idempotencyKey(runbook: "restart-web", incidentID: "inc-1"))
            #expect(try await store.claim(shadow))
            let approval = Approval(
                id: Approval.id(incidentID: "inc-1"), incidentID: "inc-1", actionID: "act-1", instance: Fixture.web1,
                kind: .reboot, approverRole: "on-call", reason: incident.summary, requestedAt: asked,
                expiresAt: asked.addingTimeInterval(30 * 60))
            #expect(try await store.createApproval(approval))
            try store.close()
            return approval
        }

        @Test func anUnansweredApprovalExpiresIntoAnEscalationOnce() async throws {
            let folder = try TemporaryDirectory("approval-expiry")
            let approval = try await Self.pending(in: folder)
            let store = try SQLiteIncidentStore(path: folder.file("aiops.sqlite").path)
            let notifier = RecordingNotifier()
            let janitor = ApprovalJanitor(store: store, notifier: notifier)

            #expect(try await janitor.expireOverdue(now: Self.asked.addingTimeInterval(29 * 60)).isEmpty)
            let expired = try await janitor.expireOverdue(now: Self.asked.addingTimeInterval(31 * 60))
            #expect(expired.map(\.id) == [approval.id])
            let alerts = await notifier.alerts
            #expect(alerts.count == 1)
            #expect(alerts.first?.incident.summary.hasPrefix("ESCALATION: approval expired: reboot of") == true)
            #expect(alerts.first?.incident.summary.contains("not approved by on-call within 31 min") == true)
            #expect(try await store.approval(id: approval.id)?.state == .expired)
            #expect(try await store.approval(id: approval.id)?.decidedVia == "upkeep")
            let action = try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 5)
                .first { $0.id == "act-1" }
            #expect(action?.status == .skipped)
            let trail = try await store.audit(incidentID: "inc-1", limit: 10)
            #expect(trail.contains { $0.action == "approval-expired" && $0.outcome == "expired" })
            #expect(trail.contains { $0.action == "escalate" && $0.outcome == "person alerted" })

            // The next cycle, or another process, finds nothing left to expire.
            #expect(try await janitor.expireOverdue(now: Self.asked.addingTimeInterval(40 * 60)).isEmpty)
            #expect(await notifier.alerts.count == 1)
            try store.close()
        }

        @Test func anExpiryAfterTheIncidentResolvedPagesNobody() async throws {
            let folder = try TemporaryDirectory("approval-expiry")
            _ = try await Self.pending(in: folder, status: .resolved)
            let store = try SQLiteIncidentStore(path: folder.file("aiops.sqlite").path)
            let notifier = RecordingNotifier()
            let expired = try await ApprovalJanitor(store: store, notifier: notifier)
                .expireOverdue(now: Self.asked.addingTimeInterval(31 * 60))
            #expect(expired.count == 1)
            #expect(await notifier.alerts.isEmpty)
            #expect(
                try await store.audit(incidentID: "inc-1", limit: 10).contains {
                    $0.action == "escalate" && $0.outcome == "withheld"
                })
            try store.close()
        }
    }
#endif
