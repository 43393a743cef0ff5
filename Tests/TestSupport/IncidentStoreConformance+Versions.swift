import AIOpsCore
import Foundation
import Testing

/// Optimistic concurrency on incidents: what keeps a person's decision from being overwritten by
/// a pipeline write that read the incident before it.
extension IncidentStoreConformance {
    static let versionChecks: [Check] = [
        Check(description: "writes an incident only over the version read", body: writesOverVersionRead),
        Check(description: "merges racing updates, a person's decision standing", body: mergesRacingUpdates),
    ]

    static func writesOverVersionRead(_ store: any IncidentStore) async throws {
        let new = F.incident("inc-v", status: .open)
        // A conditional create: the first wins, a second create of the same id is refused.
        let created = try #require(try await store.saveIfUnchanged(new))
        #expect(created.version == 1)
        #expect(try await store.incident(id: "inc-v") == created)
        var racer = new
        racer.summary = "a second creator"
        #expect(try await store.saveIfUnchanged(racer) == nil)

        // A write over the version read succeeds once; the same stale copy again is refused and
        // leaves the stored incident as it was, findings included.
        var acknowledged = created
        acknowledged.status = .acknowledged
        let second = try #require(try await store.saveIfUnchanged(acknowledged))
        #expect(second.version == 2)
        var stale = created
        stale.findings = [F.finding(9)]
        stale.summary = "stale"
        #expect(try await store.saveIfUnchanged(stale) == nil)
        #expect(try await store.incident(id: "inc-v") == second)

        // A version that was never stored, or an incident that is not there, is a conflict too.
        var ahead = second
        ahead.version = 7
        #expect(try await store.saveIfUnchanged(ahead) == nil)
        var missing = F.incident("inc-missing")
        missing.version = 3
        #expect(try await store.saveIfUnchanged(missing) == nil)
        #expect(try await store.incident(id: "inc-missing") == nil)

        // An incident stored before versions (version 0) takes its first conditional write.
        let legacy = F.incident("inc-legacy", status: .open)
        try await store.save(legacy)
        #expect(try await store.incident(id: "inc-legacy")?.version == 0)
        var edited = legacy
        edited.status = .resolved
        #expect(try await store.saveIfUnchanged(edited)?.version == 1)
        #expect(try await store.incident(id: "inc-legacy")?.status == .resolved)
    }

    /// Many pipeline writers (each counts one anomaly, as analysis does) and one person racing on
    /// one incident: no count is lost, and the acknowledgement stands whatever the order.
    static func mergesRacingUpdates(_ store: any IncidentStore) async throws {
        var incident = F.incident("inc-race", status: .open)
        incident.anomalyCount = 0
        _ = try #require(try await store.saveIfUnchanged(incident))
        let writers = 12
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<writers {
                group.addTask {
                    _ = try await store.update(incidentID: "inc-race") { fresh in
                        fresh.anomalyCount += 1
                        fresh.updatedAt = F.time(Double(n))
                        return true
                    }
                }
                if n == writers / 2 {
                    group.addTask {
                        _ = try await store.update(incidentID: "inc-race") { fresh in
                            fresh.status = .acknowledged
                            return true
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let stored = try #require(try await store.incident(id: "inc-race"))
        #expect(stored.anomalyCount == writers, "a racing write was lost")
        #expect(stored.status == .acknowledged)
        #expect(stored.version == 1 + writers + 1)
        // The pipeline's resolve-if-open, run after the person's decision, declines to write.
        let declined = try await store.update(incidentID: "inc-race") { fresh in
            guard fresh.status == .open else { return false }
            fresh.status = .resolved
            return true
        }
        #expect(declined?.changed == false)
        #expect(try await store.update(incidentID: "inc-none") { _ in true } == nil)
    }
}
