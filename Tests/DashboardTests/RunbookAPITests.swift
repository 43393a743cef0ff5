import AIOpsCore
import Foundation
import HummingbirdTesting
import Remediation
import Testing

@testable import Dashboard

@Suite("runbooks API")
struct RunbookAPITests {
    /// A shadow run of `runbook` on `incident`, as the remediation engine records it.
    static func shadow(_ runbook: String, _ incident: Incident, acted: Bool, at: Date) -> RemediationAction {
        RemediationAction(
            id: StableID.make("act", incident.id, "shadow", runbook), incidentID: incident.id,
            instanceID: incident.instanceID, kind: .restartService, status: acted ? .shadow : .skipped, at: at,
            reason: "shadow: runbook \(runbook) would restart-service",
            idempotencyKey: ShadowRecord.idempotencyKey(runbook: runbook, incidentID: incident.id))
    }

    @Test("each runbook in order with its shadow record; a retired runbook's record comes last")
    func records() async throws {
        let fixture = try await DashboardFixture().seeded(6)
        let incidents = try await fixture.store.incidents(matching: IncidentFilter(), limit: 6, cursor: nil).items
        #expect(incidents.count == 6)
        let now = DashboardFixture.now
        for (n, incident) in incidents.prefix(4).enumerated() {
            var judged = incident
            judged.feedback =
                n < 2
                ? Feedback(verdict: .truePositive, note: nil, at: now, by: "alice")
                : n == 2 ? Feedback(verdict: .falsePositive, note: nil, at: now, by: "bob") : nil
            judged.status = n == 0 ? .resolved : .open
            await fixture.store.save(judged)
            _ = await fixture.store.claim(Self.shadow("restart-service", judged, acted: true, at: now))
        }
        _ = await fixture.store.claim(Self.shadow("restart-service", incidents[4], acted: false, at: now))
        _ = await fixture.store.claim(Self.shadow("old-runbook", incidents[5], acted: true, at: now))
        // Older than the record's 90 days: left out.
        _ = await fixture.store.claim(
            Self.shadow("restart-service", incidents[5], acted: true, at: now.addingTimeInterval(-91 * 86_400)))

        try await fixture.application().test(.router) { client in
            let items = try await client.execute(uri: "/api/v1/runbooks", method: .get, headers: fixture.authorized) {
                #expect($0.status == .ok)
                return try $0.decode(API.List<API.Runbook>.self).items
            }
            #expect(items.map(\.name) == ["free-disk", "restart-service", "reboot", "old-runbook"])
            let restart = items[1]
            #expect(
                restart.mode == "shadow" && restart.effectiveMode == "shadow" && restart.action == "restart-service")
            #expect(restart.record.wouldHaveActed == 4)
            #expect(restart.record.stoppedByGuards == 1)
            #expect(restart.record.judgedTruePositive == 2)
            #expect(restart.record.judgedFalsePositive == 1)
            #expect(restart.record.resolvedWithout == 1)
            #expect(restart.record.lastAt == now)
            #expect(!items[3].configured && items[3].mode == nil && items[3].record.wouldHaveActed == 1)
            #expect(items[0].match?.metrics == ["disk_used_percent"] && items[0].match?.faultClasses == ["disk_full"])
            #expect(items[2].record.wouldHaveActed == 0 && items[2].record.lastAt == nil)

            try await client.execute(uri: "/api/v1/runbooks", method: .get) { #expect($0.status == .unauthorized) }
        }
    }
}
