import AIOpsCore
import Foundation
import Pipeline
import Testing

/// Silences on the whole embedded chain: a silenced anomaly is detected, stored and marked, but
/// pages nobody and is not acted on; a silence that ends while the incident runs lets it page.
@Suite struct SilenceChainTests {
    typealias Chain = EmbeddedChainTests

    @Test func aSilencedAnomalyIsStoredAndMarkedButNeitherPagesNorActs() async throws {
        let clock = ManualClock(Chain.start)
        let fleet = await Chain.fleet(clock: clock)
        let memory = InMemoryIncidentStore()
        let store: any IncidentStore = memory
        let book = SilenceBook(store: memory)
        // web-1's runaway (+20 min) falls in a maintenance window; web-2's (+40 to +70 min) in a
        // silence that ends at +55 min.
        for (id, instance, minutes) in [("sil-web1", Fixture.web1.id, 120.0), ("sil-web2", Fixture.web2.id, 55)] {
            try await book.create(
                Silence(
                    id: id, matchers: [try SilenceMatcher(parsing: "instance=\(instance)")],
                    window: .once(start: Chain.start, end: Chain.start.addingTimeInterval(minutes * 60)),
                    owner: "alice", reason: "maintenance", createdAt: Chain.start, createdBy: "test",
                    expiresAt: Chain.start.addingTimeInterval(minutes * 60)),
                now: Chain.start)
        }
        let notifier = RecordingNotifier()
        _ = try await runCycles(
            clock: clock, from: Chain.start, through: Chain.end, interval: 300, base: store, crashAt: nil
        ) { store in await Chain.make(store, fleet: fleet, clock: clock, notifier: notifier) }
        let dump = try await StoreDump.of(store)
        let byInstance = Dictionary(uniqueKeysWithValues: dump.incidents.map { ($0.instanceID, $0) })

        // Still detected, analysed and stored, marked silenced; nobody paged, nothing done.
        let silenced = try #require(byInstance[Fixture.web1.id])
        #expect(silenced.severity == .critical)
        #expect(silenced.silenced)
        #expect(silenced.anomalyCount > 1)
        #expect(await !notifier.alerts.contains { $0.incident.id == silenced.id })
        #expect(!dump.actions.contains { $0.incidentID == silenced.id })
        #expect(await !fleet.calls.contains("reboot \(Fixture.web1.id)"))
        let audit = dump.audit.filter { $0.incidentID == silenced.id && $0.action == "silenced" }
        #expect(audit.map(\.reason) == ["silence sil-web1 by alice: maintenance"])

        // The silence over web-2 ended while its incident ran: it paged then, once.
        let resumed = try #require(byInstance[Fixture.web2.id])
        #expect(!resumed.silenced)
        #expect(await notifier.alerts.filter { $0.incident.id == resumed.id }.count == 1)
        let paged = try #require(await notifier.alerts.first { $0.incident.id == resumed.id })
        #expect(paged.raisedAt >= Chain.start.addingTimeInterval(55 * 60))
    }
}
