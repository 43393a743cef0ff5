import AIOpsCore
import Composition
import Foundation
import Logging
import Pipeline
import Remediation
import Synchronization
import Testing

/// The whole chain on a small fake fleet with faults a test controls exactly: detection,
/// analysis, escalation, alert, remediation, verification, and kills at every point.
@Suite struct EmbeddedChainTests {
    static let web3 = Instance(
        id: "i-0aaaaaaaaaaaaaaa4", name: "web-3", tags: ["aiops:monitor": "true", "aiops:remediate": "true"])
    static let start = Fixture.t0.addingTimeInterval(3 * 3600)
    static let end = start.addingTimeInterval(2 * 3600)

    /// web-1 (tagged): a CPU runaway with an error burst at +20 min; web-2 (untagged): the same at
    /// +40 min; web-3 (tagged): a traffic surge with no errors at +30 min.
    static func fleet(clock: ManualClock) async -> FakeFleet {
        let fleet = FakeFleet(instances: [Fixture.web1, Fixture.web2, web3], clock: clock, period: 60)
        await fleet.spike(Fixture.web1.id, from: start.addingTimeInterval(20 * 60), minutes: 60, errors: true)
        await fleet.spike(Fixture.web2.id, from: start.addingTimeInterval(40 * 60), minutes: 30, errors: true)
        await fleet.spike(web3.id, from: start.addingTimeInterval(30 * 60), minutes: 30, value: 95, errors: false)
        return fleet
    }

    static func make(
        _ store: any IncidentStore, fleet: FakeFleet, clock: ManualClock, notifier: any Notifier, dryRun: Bool = false
    ) async -> EmbeddedPipeline {
        let configuration = AgentConfiguration(
            period: 60, chartWindow: 30 * 60, remediation: RemediationPolicy(dryRun: dryRun))
        let ports = PipelinePorts(
            inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock)
        return await EmbeddedPipeline.make(
            configuration: configuration, ports: ports, detectors: CatalogDetectorProvider.threshold(),
            analyzer: KeywordAnalyzer(), notifier: notifier, logger: Logger.quiet)
    }

    @Test func theScenarioEndsAsItShould() async throws {
        let clock = ManualClock(Self.start)
        let fleet = await Self.fleet(clock: clock)
        let store: any IncidentStore = InMemoryIncidentStore()
        let notifier = RecordingNotifier()
        let recorded = Mutex<MessageRecorder?>(nil)
        let run = try await runCycles(
            clock: clock, from: Self.start, through: Self.end, interval: 300, base: store, crashAt: nil
        ) { store in
            let pipeline = await Self.make(store, fleet: fleet, clock: clock, notifier: notifier)
            let recorder = await MessageRecorder.attached(to: pipeline.bus, .criticalAlerts)
            recorded.withLock { $0 = recorder }
            return pipeline
        }
        let dump = try await StoreDump.of(store)
        #expect(run.restarts == 0)

        // Every fault detected within two cycles of its onset, each as one incident.
        let onsets = [
            Fixture.web1.id: Self.start.addingTimeInterval(20 * 60),
            Fixture.web2.id: Self.start.addingTimeInterval(40 * 60),
            Self.web3.id: Self.start.addingTimeInterval(30 * 60),
        ]
        #expect(dump.incidents.count == 3)
        for incident in dump.incidents {
            let onset = try #require(onsets[incident.instanceID])
            #expect(incident.openedAt == onset)
            let judged = try #require(dump.audit.first { $0.incidentID == incident.id && $0.actor == "escalation" })
            #expect(judged.at <= onset.addingTimeInterval(2 * 300))
            #expect(incident.anomalyCount == dump.anomalies[incident.id]?.count)
        }
        let byInstance = Dictionary(uniqueKeysWithValues: dump.incidents.map { ($0.instanceID, $0) })

        // The runaway: critical, explained by its errors, rebooted once, verified, resolved.
        let runaway = try #require(byInstance[Fixture.web1.id])
        #expect(runaway.severity == .critical)
        #expect(runaway.summary.contains("OutOfMemoryError"))
        #expect(runaway.status == .resolved)
        let runawayActions = dump.actions.filter { $0.incidentID == runaway.id }
        #expect(runawayActions.map(\.status) == [.succeeded])
        #expect(runawayActions.first?.reason.contains("verified:") == true)
        #expect(await fleet.calls == ["reboot \(Fixture.web1.id)"])

        // The untagged instance: alerted, not acted on.
        let untagged = try #require(byInstance[Fixture.web2.id])
        #expect(untagged.severity == .critical)
        #expect(dump.actions.filter { $0.instanceID == Fixture.web2.id }.map(\.status) == [.skipped])
        #expect(await notifier.alerts.map(\.incident.id).contains(untagged.id))

        // The surge: a warning, stored and shown; nobody paged, nothing done; resolved once quiet.
        let surge = try #require(byInstance[Self.web3.id])
        #expect(surge.severity == .warning)
        #expect(surge.status == .resolved)
        #expect(!dump.actions.contains { $0.instanceID == Self.web3.id })
        #expect(await !notifier.alerts.contains { $0.instance.id == Self.web3.id })
        #expect(await notifier.alerts.count == 2)

        // Every critical alert delivered again (SNS delivers at least once): nothing more happens.
        let alerts = await recorded.withLock { $0 }?.messages ?? []
        #expect(alerts.count == 2)
        for alert in alerts { await run.pipeline.bus.deliver(alert, on: .criticalAlerts) }
        #expect(await fleet.calls.count == 1)
        let after = try await StoreDump.of(store)
        #expect(after.actions == dump.actions)
        #expect(try await store.audit(incidentID: nil, limit: 1000).filter { $0.action == "duplicate" }.count == 2)
    }

    /// A kill between any two writes, then a restart: the store ends exactly as after an
    /// uninterrupted run (dry-run mode keeps the fleet independent of the actions, so the two
    /// runs see the same world).
    @Test func aKilledAgentRestartsWithoutLossOrDuplicates() async throws {
        let clock = ManualClock(Self.start)
        let reference = InMemoryIncidentStore()
        let notifier = RecordingNotifier()
        let fleet = await Self.fleet(clock: clock)
        let uninterrupted = try await runCycles(
            clock: clock, from: Self.start, through: Self.end, interval: 300, base: reference, crashAt: nil
        ) { store in await Self.make(store, fleet: fleet, clock: clock, notifier: notifier, dryRun: true) }
        let expected = try await StoreDump.of(reference)
        #expect(expected.actions.map(\.status).sorted { $0.rawValue < $1.rawValue } == [.dryRun, .skipped])

        for crashAt in stride(from: 1, through: uninterrupted.writes, by: 7) {
            let store = InMemoryIncidentStore()
            let fleet = await Self.fleet(clock: clock)
            let run = try await runCycles(
                clock: clock, from: Self.start, through: Self.end, interval: 300, base: store, crashAt: crashAt
            ) { store in await Self.make(store, fleet: fleet, clock: clock, notifier: notifier, dryRun: true) }
            #expect(run.restarts == 1)
            let dump = try await StoreDump.of(store)
            dump.expectEqual(to: expected, "killed at write \(crashAt)")
            if dump != expected { return }
        }
    }

    /// With live actions a kill can change what the world looks like afterwards, so the invariants
    /// are checked instead: one decision per incident, never two reboots for one, no anomaly twice.
    @Test func aKilledAgentNeverActsTwice() async throws {
        let clock = ManualClock(Self.start)
        for crashAt in stride(from: 2, through: 700, by: 13) {
            let store = InMemoryIncidentStore()
            let fleet = await Self.fleet(clock: clock)
            let run = try await runCycles(
                clock: clock, from: Self.start, through: Self.end, interval: 300, base: store, crashAt: crashAt
            ) { store in await Self.make(store, fleet: fleet, clock: clock, notifier: RecordingNotifier()) }
            let dump = try await StoreDump.of(store)
            let reboots = await fleet.calls.filter { $0.hasPrefix("reboot") }
            #expect(reboots.count <= dump.actions.filter { $0.kind == .reboot && $0.status != .skipped }.count)
            #expect(Set(dump.actions.map(\.incidentID)).count == dump.actions.count)
            #expect(Set(reboots).count == reboots.count || run.restarts == 0)
            for incident in dump.incidents {
                let times = dump.anomalies[incident.id]?.map(\.timestamp) ?? []
                #expect(Set(times).count == times.count)
                #expect(incident.anomalyCount == times.count)
            }
            #expect(!dump.actions.contains { $0.instanceID == Fixture.web2.id && $0.status != .skipped })
        }
    }
}
