import AIOpsCore
import Foundation
import Testing

@Suite struct InMemoryIncidentStoreTests {
    static func incident(_ n: Int, instance: String = "i-1", status: IncidentStatus = .open) -> Incident {
        let at = Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 60)
        let anomaly = Anomaly(
            instanceID: instance, metric: .cpuUtilization, timestamp: at, value: 90, score: 0.9, threshold: 0.6,
            detector: "test")
        return Incident(
            id: "inc-\(n)", instanceID: instance, instanceName: "web", metric: .cpuUtilization, openedAt: at,
            updatedAt: at, status: status, severity: .warning, summary: "s", anomaly: anomaly, peakScore: 0.9,
            anomalyCount: 1, findings: [])
    }

    @Test func pagesNewestFirstWithCursor() async throws {
        let store = InMemoryIncidentStore()
        for n in 0..<7 { await store.save(Self.incident(n)) }
        let first = try await store.incidents(matching: IncidentFilter(), limit: 3, cursor: nil)
        #expect(first.items.map(\.id) == ["inc-6", "inc-5", "inc-4"])
        let second = try await store.incidents(matching: IncidentFilter(), limit: 3, cursor: first.nextCursor)
        #expect(second.items.map(\.id) == ["inc-3", "inc-2", "inc-1"])
        let last = try await store.incidents(matching: IncidentFilter(), limit: 3, cursor: second.nextCursor)
        #expect(last.items.map(\.id) == ["inc-0"])
        #expect(last.nextCursor == nil)
        await #expect(throws: AIOpsError.self) {
            try await store.incidents(matching: IncidentFilter(), limit: 3, cursor: "!!not-a-cursor")
        }
    }

    @Test func claimsEachIdempotencyKeyOnce() async throws {
        let store = InMemoryIncidentStore()
        let action = RemediationAction(
            id: "a-1", incidentID: "inc-1", instanceID: "i-1", kind: .reboot, status: .pending, at: .now,
            reason: "r", idempotencyKey: "inc-1/reboot")
        #expect(await store.claim(action))
        var again = action
        again.id = "a-2"
        #expect(await store.claim(again) == false)
        #expect(await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 10).count == 1)
        #expect(await store.markHandled(eventID: "e", at: .now))
        #expect(await store.markHandled(eventID: "e", at: .now) == false)
    }

    @Test func findsTheOpenIncidentOfAnInstance() async throws {
        let store = InMemoryIncidentStore()
        await store.save(Self.incident(1, status: .resolved))
        #expect(await store.openIncident(instanceID: "i-1", metric: nil) == nil)
        await store.save(Self.incident(2))
        #expect(await store.openIncident(instanceID: "i-1", metric: .cpuUtilization)?.id == "inc-2")
        #expect(await store.openIncident(instanceID: "i-2", metric: nil) == nil)
    }
}
