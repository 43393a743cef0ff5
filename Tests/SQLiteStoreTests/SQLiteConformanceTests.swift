import AIOpsCore
import Foundation
import SQLiteStore
import TestSupport
import Testing

@Suite struct SQLiteConformanceTests {
    @Test(arguments: IncidentStoreConformance.checks)
    func conforms(_ check: IncidentStoreConformance.Check) async throws {
        try await check.run { folder in try SQLiteIncidentStore(path: folder.file("store.sqlite").path) }
    }

    /// Two connections to one file, as two agent processes would have: the key still goes to one.
    @Test func claimsAtomicallyAcrossConnections() async throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        let stores = [try SQLiteIncidentStore(path: path), try SQLiteIncidentStore(path: path)]
        for round in 0..<5 {
            let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<12 {
                    let store = stores[n % 2]
                    let action = StoreFixtures.action("act-\(round)-\(n)", key: "inc-\(round)/reboot")
                    group.addTask { try await store.claim(action) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(wins == 1, "round \(round)")
        }
        #expect(try await stores[0].actions(incidentID: nil, instanceID: nil, since: nil, limit: 100).count == 5)
    }

    @Test func keepsEverythingAcrossReopening() async throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        let incident = StoreFixtures.incident("inc-1", status: .resolved, findings: 5)
        do {
            let store = try SQLiteIncidentStore(path: path)
            try await store.save(incident)
            #expect(try await store.claim(StoreFixtures.action("act-1")))
            try await store.append(StoreFixtures.audit("aud-1"))
            try await store.setCheckpoint("last-cycle", "42")
            try store.close()
        }
        let reopened = try SQLiteIncidentStore(path: path)
        #expect(try await reopened.incident(id: "inc-1") == incident)
        #expect(try await reopened.claim(StoreFixtures.action("act-2")) == false)
        #expect(try await reopened.audit(incidentID: nil, limit: 10).map(\.id) == ["aud-1"])
        #expect(try await reopened.checkpoint("last-cycle") == "42")
        #expect(try await reopened.verify() == [])
    }

    /// Bad values from callers become errors, never a trap or a corrupt row.
    @Test func rejectsDatesOutOfRange() async throws {
        let folder = try TemporaryDirectory("store")
        let store = try SQLiteIncidentStore(path: folder.file("store.sqlite").path)
        let far = StoreFixtures.incident("inc-far", openedAt: Date(timeIntervalSince1970: 1e300))
        let error = await #expect(throws: AIOpsError.self) { try await store.save(far) }
        #expect(error?.code == .invalidInput)
        #expect(try await store.incident(id: "inc-far") == nil)
    }

    @Test func keepsNotANumber() async throws {
        let folder = try TemporaryDirectory("store")
        let store = try SQLiteIncidentStore(path: folder.file("store.sqlite").path)
        var anomaly = StoreFixtures.anomaly()
        anomaly.value = .nan
        anomaly.score = .infinity
        try await store.recordAnomaly(anomaly, incidentID: "inc-1")
        var incident = StoreFixtures.incident("inc-1")
        incident.anomaly = anomaly
        incident.peakScore = .nan
        try await store.save(incident)
        let stored = try #require(try await store.anomalies(incidentID: "inc-1").first)
        #expect(stored.value.isNaN && stored.score == .infinity)
        let back = try #require(try await store.incident(id: "inc-1"))
        #expect(back.peakScore.isNaN && back.anomaly.value.isNaN && back.anomaly.score == .infinity)
    }
}
