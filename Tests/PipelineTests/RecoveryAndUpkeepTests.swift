import AIOpsCore
import Composition
import Foundation
import Logging
import Pipeline
import Remediation
import Testing

@Suite struct RecoveryAndUpkeepTests {
    let clock = ManualClock(Fixture.t0.addingTimeInterval(6 * 3600))
    let fleet: FakeFleet
    let store: any IncidentStore = InMemoryIncidentStore()

    init() {
        fleet = FakeFleet(instances: [Fixture.web1, Fixture.web2], clock: clock, period: 60)
    }

    var now: Date { clock.now() }

    func incident(openedAt: Date, expected: ClosedRange<Double>? = nil) -> Incident {
        var anomaly = Fixture.anomaly(at: openedAt)
        anomaly.expected = expected
        return Incident(
            id: "inc-1", instanceID: Fixture.web1.id, instanceName: "web-1", metric: .cpuUtilization,
            openedAt: openedAt, updatedAt: openedAt, status: .open, severity: .critical, summary: "s",
            anomaly: anomaly, peakScore: 0.9, anomalyCount: 1, findings: [])
    }

    func action(at: Date) -> RemediationAction {
        RemediationAction(
            id: "act-1", incidentID: "inc-1", instanceID: Fixture.web1.id, kind: .reboot, status: .pending, at: at,
            reason: "r", idempotencyKey: "remediate:inc-1")
    }

    var probe: BaselineRecoveryProbe {
        BaselineRecoveryProbe(metrics: fleet, logs: fleet, period: 60, verificationWindow: 600)
    }

    @Test func recoveredWhenTheMetricAndErrorsAreBackToBaseline() async throws {
        let onset = now.addingTimeInterval(-40 * 60)
        let actedAt = now.addingTimeInterval(-10 * 60)
        // The spike and its errors ended with the action.
        await fleet.spike(Fixture.web1.id, from: onset, minutes: 30, errors: true)
        let verdict = try await probe.verify(action: action(at: actedAt), incident: incident(openedAt: onset), now: now)
        guard case .recovered(let evidence) = verdict else {
            Issue.record("expected recovery, got \(verdict)")
            return
        }
        #expect(evidence.contains("6/6 points within"))
        #expect(evidence.contains("errors 0.00/min"))
    }

    @Test func notRecoveredWhileTheMetricStaysHigh() async throws {
        let onset = now.addingTimeInterval(-40 * 60)
        await fleet.spike(Fixture.web1.id, from: onset, minutes: 120, errors: false)
        let verdict = try await probe.verify(
            action: action(at: now.addingTimeInterval(-10 * 60)), incident: incident(openedAt: onset), now: now)
        guard case .notRecovered(let evidence) = verdict else {
            Issue.record("expected no recovery, got \(verdict)")
            return
        }
        #expect(evidence.contains("0/6 points within"))
    }

    @Test func notRecoveredWhileErrorsGoOn() async throws {
        // The metric is back, but the exception storm is not (a spike of normal height with errors).
        let onset = now.addingTimeInterval(-40 * 60)
        await fleet.spike(Fixture.web1.id, from: onset, minutes: 120, value: 32, errors: true)
        let verdict = try await probe.verify(
            action: action(at: now.addingTimeInterval(-10 * 60)), incident: incident(openedAt: onset), now: now)
        guard case .notRecovered(let evidence) = verdict else {
            Issue.record("expected no recovery, got \(verdict)")
            return
        }
        #expect(evidence.contains("errors 1.00/min"))
    }

    @Test func theJanitorResolvesQuietIncidentsOnly() async throws {
        let janitor = IncidentJanitor(store: store, quietPeriod: 30 * 60)
        var quiet = incident(openedAt: now.addingTimeInterval(-60 * 60))
        quiet.id = "quiet"
        var busy = incident(openedAt: now.addingTimeInterval(-60 * 60))
        busy.id = "busy"
        var acting = incident(openedAt: now.addingTimeInterval(-60 * 60))
        acting.id = "acting"
        for item in [quiet, busy, acting] {
            try await store.save(item)
            try await store.recordAnomaly(item.anomaly, incidentID: item.id)
        }
        try await store.recordAnomaly(Fixture.anomaly(at: now.addingTimeInterval(-5 * 60)), incidentID: "busy")
        var pending = action(at: now.addingTimeInterval(-45 * 60))
        pending.incidentID = "acting"
        pending.idempotencyKey = "remediate:acting"
        _ = try await store.claim(pending)

        let resolved = try await janitor.resolveQuiet(now: now)
        #expect(resolved.map(\.id) == ["quiet"])
        #expect(try await store.incident(id: "quiet")?.status == .resolved)
        #expect(try await store.incident(id: "busy")?.status == .open)
        #expect(try await store.incident(id: "acting")?.status == .open)
        #expect(try await store.audit(incidentID: "quiet", limit: 5).first?.action == "resolve")
    }

    func agent(_ configuration: AgentConfiguration = AgentConfiguration(period: 60)) async -> EmbeddedPipeline {
        let ports = PipelinePorts(
            inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock)
        return await EmbeddedPipeline.make(
            configuration: configuration, ports: ports, detectors: CatalogDetectorProvider.threshold(),
            analyzer: KeywordAnalyzer(), notifier: RecordingNotifier(), logger: .quiet)
    }

    @Test func cyclesMoveTheCheckpointAndNeverRepeatAWindow() async throws {
        let pipeline = await agent()
        let first = try await pipeline.agent.runCycle()
        // The newest complete period started a minute ago.
        #expect(first.windowEnd == now.addingTimeInterval(-60))
        #expect(first.windowStart == now.addingTimeInterval(-360))
        #expect(first.pointsScored == 10)
        #expect(try await store.checkpoint(Agent.checkpointKey) == ISO8601.string(from: now.addingTimeInterval(-60)))
        // Again at the same time: nothing new to score.
        let again = try await pipeline.agent.runCycle()
        #expect(again.pointsScored == 0)
        // A restarted agent carries on from the checkpoint.
        clock.advance(minutes: 7)
        let restarted = try await agent().agent.runCycle()
        #expect(restarted.windowStart == first.windowEnd)
        #expect(restarted.windowEnd == now.addingTimeInterval(-60))
        #expect(restarted.pointsScored == 14)
    }

    @Test func aLongOutageIsCaughtUpToALimit() async throws {
        try await store.setCheckpoint(Agent.checkpointKey, ISO8601.string(from: now.addingTimeInterval(-3 * 86_400)))
        let metrics = try await agent(AgentConfiguration(period: 60, maxCatchUp: 3600)).agent.runCycle()
        #expect(metrics.windowStart == now.addingTimeInterval(-3660))
        #expect(metrics.pointsScored == 120)
        try await store.setCheckpoint(Agent.checkpointKey, "not a date")
        clock.advance(minutes: 5)
        let recovered = try await agent().agent.runCycle()
        #expect(recovered.windowStart == now.addingTimeInterval(-360))
    }

    @Test func theLoopRunsOnCycleBoundariesUntilItsDeadline() async throws {
        let pipeline = await agent()
        let ends = Received()
        let start = now
        let deadline = now.addingTimeInterval(30 * 60)
        try await pipeline.agent.run(until: deadline) { metrics in
            await ends.add(ISO8601.string(from: metrics.windowEnd ?? .distantPast), Data())
        }
        let expected = stride(from: 0.0, through: 30, by: 5).map {
            ISO8601.string(from: start.addingTimeInterval(($0 - 1) * 60))
        }
        #expect(await ends.items.map(\.0) == expected)
        #expect(await pipeline.agent.cycles == 7)
    }
}
