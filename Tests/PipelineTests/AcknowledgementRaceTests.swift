import AIOpsCore
import Foundation
import Logging
import Pipeline
import Remediation
import TestSupport
import Testing

/// A person acknowledges an incident while an analysis holds an older copy of it (its log read is
/// slow): the analysis's write must merge into the acknowledged incident, never revert it, and
/// the escalation it decides must page nobody, and no alert may reboot the instance.
@Suite struct AcknowledgementRaceTests {
    let clock = ManualClock(Fixture.t0.addingTimeInterval(3 * 3600))
    let store: any IncidentStore = InMemoryIncidentStore()
    let alerts = RecordingPublisher()
    let gate = LogGate()
    let fleet: FakeFleet

    init() {
        fleet = FakeFleet(instances: [Fixture.web1], clock: clock)
    }

    @Test func anAcknowledgementRacingAnAnalysisUpdateStaysAcknowledgedAndNothingReboots() async throws {
        let start = clock.now().addingTimeInterval(-30 * 60)
        await fleet.spike(Fixture.web1.id, from: start, minutes: 60, errors: true)
        // A warning incident already open on the instance (its first anomaly had no log evidence).
        let first = Fixture.anomaly(at: start)
        let opened = Incident(
            id: AnalysisStage.incidentID(for: first), instanceID: Fixture.web1.id, instanceName: "web-1",
            metric: .cpuUtilization, openedAt: start, updatedAt: start, status: .open, severity: .warning,
            summary: "cpu 97 on web-1", anomaly: first, peakScore: first.score, anomalyCount: 1, findings: [])
        try await store.recordAnomaly(first, incidentID: opened.id)
        #expect(try await store.saveIfUnchanged(opened)?.version == 1)

        // The next anomaly's analysis reads the open incident, then waits on the slow log source.
        let stage = AnalysisStage(
            configuration: AgentConfiguration(), store: store, logs: SlowLogs(base: fleet, gate: gate), metrics: fleet,
            analyzer: KeywordAnalyzer(), alerts: alerts, clock: clock, logger: Logger.quiet)
        let analysis = Task { try await stage.handle(Fixture.event(at: start.addingTimeInterval(10 * 60))) }
        await gate.waitForReader()

        // Meanwhile a person acknowledges it, as the dashboard's API does.
        let acknowledged = try await store.update(incidentID: opened.id) { incident in
            incident.status = .acknowledged
            incident.updatedAt = clock.now()
            return true
        }
        #expect(acknowledged?.changed == true)
        await gate.release()
        let outcome = try await analysis.value

        // The analysis escalated the incident and merged that into the acknowledged copy.
        let stored = try #require(try await store.incident(id: opened.id))
        #expect(stored.status == .acknowledged)
        #expect(stored.severity == .critical, "the analysis's finding is kept: \(stored.summary)")
        #expect(stored.anomalyCount == 2)
        #expect(stored.version == 3, "created, acknowledged, merged: \(stored.version)")
        #expect(outcome.incident?.status == .acknowledged)

        // The person has it: the escalation pages nobody, and the audit trail says so.
        #expect(await alerts.alerts.isEmpty, "paged about an acknowledged incident")
        let trail = try await store.audit(incidentID: opened.id, limit: 20)
        #expect(
            trail.contains { $0.action == "critical" && $0.outcome.contains("acknowledged already") },
            "\(trail.map(\.outcome))")

        // Had the acknowledgement come just after that check, the alert reaches remediation, which
        // reads the incident as stored: no reboot.
        let alert = CriticalAlert(
            alertID: AnalysisStage.alertID(incidentID: opened.id), incident: opened, instance: Fixture.web1,
            raisedAt: clock.now())
        let engine = RemediationEngine(
            policy: RemediationPolicy(), store: store, controller: fleet, inventory: fleet,
            probe: BaselineRecoveryProbe(metrics: fleet, logs: fleet, period: 300, verificationWindow: 600),
            escalations: RecordingNotifier(), clock: clock)
        let remediation = try await engine.handle(alert)
        let calls = await fleet.calls
        #expect(calls.isEmpty, "rebooted: \(calls)")
        #expect(remediation.decision != .act(.reboot))
        #expect(try await store.incident(id: opened.id)?.status == .acknowledged)
    }
}

/// Holds every log read until the test releases it.
actor LogGate {
    private var open = false
    private var readers = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func pass() async {
        readers += 1
        guard !open else { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Returns once a read is being held.
    func waitForReader() async {
        while readers == 0 { await Task.yield() }
    }

    func release() {
        open = true
        for reader in waiting { reader.resume() }
        waiting = []
    }
}

/// A log source as slow as the test wants: each read waits for the gate.
struct SlowLogs: LogSource {
    let base: any LogSource
    let gate: LogGate

    func events(instanceID: String, from start: Date, to end: Date) async throws -> [AIOpsCore.LogEvent] {
        await gate.pass()
        return try await base.events(instanceID: instanceID, from: start, to: end)
    }
}
