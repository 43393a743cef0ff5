import AIOpsCore
import Foundation
import SQLiteStore
import TestSupport
import Testing

/// "A kill at any moment loses nothing": a real child process writes the agent's workload and is
/// SIGKILLed at random moments, twelve times; after each kill the file must be sound, everything the child had
/// reported durable must be there whole, and replaying must duplicate nothing.
@Suite struct CrashSafetyTests {
    @Test func survivesKillsAtRandomMoments() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: TortureChild.executable.path),
            "build aiops-store-torture first (swift build --build-tests)")
        let folder = try TemporaryDirectory("store-torture")
        let path = folder.file("agent.sqlite").path
        var random = SplitMix64(seed: 0x5EED_0003)
        var committed = -1
        for round in 0..<12 {
            let child = try TortureChild(path: path, until: 1_000_000, output: folder.file("round-\(round).out"))
            if round == 0 {
                // Early: while the process starts, or while it creates and migrates the new file.
                try await Task.sleep(for: .microseconds(UInt64.random(in: 0..<40_000, using: &random)))
            } else {
                // A random number of steps, then a random moment within the next ones; counting
                // steps keeps each round short however slowly the test itself is scheduled.
                try await child.waitForProgress(Int.random(in: 1...15, using: &random))
                try await Task.sleep(for: .microseconds(UInt64.random(in: 0..<50_000, using: &random)))
            }
            committed = max(committed, try child.kill().max() ?? -1)
            let store = try SQLiteIncidentStore(path: path)
            try await Self.check(store, through: committed, round: round)
            try store.close()
        }
        #expect(committed >= 10, "the child made progress between kills")

        // An uninterrupted run replays its last steps, continues and stops at `until`.
        let until = committed + 10
        let result = try Subprocess.run(TortureChild.executable, ["write-loop", path, String(until)])
        #expect(result.status == 0, "\(result.stderr)")
        let store = try SQLiteIncidentStore(path: path)
        try await Self.check(store, through: until - 1, round: -1)
        let ids = try await store.allIncidents().map(\.id)
        #expect(Set(ids) == Set((0..<until).map { "inc-\($0)" }))
        #expect(try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 10 * until).count == until)
        #expect(try await store.audit(incidentID: nil, limit: 10 * until).count == until)
        #expect(try await store.checkpoint("torture.next") == String(until))
    }

    /// Everything up to `committed` is whole; anything past it is at most the one step in flight.
    static func check(_ store: SQLiteIncidentStore, through committed: Int, round: Int) async throws {
        #expect(try await store.verify() == [], "integrity after round \(round)")
        let incidents = try await store.allIncidents()
        #expect(Set(incidents.map(\.id)).count == incidents.count, "round \(round)")
        for incident in incidents {
            #expect(incident.findings.count == incident.anomalyCount, "\(incident.id) whole after round \(round)")
            let n = Int(incident.id.dropFirst("inc-".count)) ?? .max
            #expect(n <= committed + 1, "\(incident.id) is not past the step in flight (round \(round))")
        }
        let actions = try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 100_000)
        #expect(actions.count <= incidents.count, "round \(round)")
        guard committed >= 0 else { return }
        for n in 0...committed {
            let id = "inc-\(n)"
            let incident = try await store.incident(id: id)
            #expect(incident?.status == .resolved, "\(id) after round \(round)")
            #expect(try await store.anomalies(incidentID: id).count == 3, "\(id) after round \(round)")
            #expect(try await store.series(incidentID: id).count == 20, "\(id) after round \(round)")
            let acted = try await store.actions(incidentID: id, instanceID: nil, since: nil, limit: 10)
            #expect(acted.map(\.status) == [.succeeded], "\(id) acted on once, after round \(round)")
            #expect(try await store.audit(incidentID: id, limit: 10).count == 1, "\(id) after round \(round)")
            #expect(try await store.markHandled(eventID: "evt-\(n)", at: .now) == false, "evt-\(n)")
        }
    }
}
