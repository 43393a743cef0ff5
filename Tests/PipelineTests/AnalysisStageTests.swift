import AIOpsCore
import Foundation
import Logging
import Pipeline
import Testing

@Suite struct AnalysisStageTests {
    let clock = ManualClock(Fixture.t0.addingTimeInterval(3 * 3600))
    let store: any IncidentStore = InMemoryIncidentStore()
    let alerts = RecordingPublisher()
    let fleet: FakeFleet

    init() {
        fleet = FakeFleet(instances: [Fixture.web1, Fixture.web2], clock: clock)
    }

    func stage(_ configuration: AgentConfiguration = AgentConfiguration()) -> AnalysisStage {
        AnalysisStage(
            configuration: configuration, store: store, logs: fleet, metrics: fleet, analyzer: KeywordAnalyzer(),
            alerts: alerts, clock: clock, logger: Logger.quiet)
    }

    var now: Date { clock.now() }

    @Test func anAnomalyWithErrorEvidenceOpensACriticalIncidentAndAlerts() async throws {
        let start = now.addingTimeInterval(-10 * 60)
        await fleet.spike(Fixture.web1.id, from: start, minutes: 60, errors: true)
        let outcome = try await stage().handle(Fixture.event(at: start))
        guard case .opened(let incident, let alert) = outcome else {
            Issue.record("expected a new incident, got \(outcome)")
            return
        }
        #expect(incident.id == AnalysisStage.incidentID(for: Fixture.anomaly(at: start)))
        #expect(incident.severity == .critical)
        #expect(incident.summary.contains("OutOfMemoryError"))
        #expect(incident.findings.first?.examples.first?.contains("Java heap space") == true)
        #expect(alert?.alertID == AnalysisStage.alertID(incidentID: incident.id))
        #expect(await alerts.alerts.map(\.incident.id) == [incident.id])
        #expect(try await store.incident(id: incident.id) == incident)
        #expect(try await store.anomalies(incidentID: incident.id).count == 1)
        #expect(try await store.series(incidentID: incident.id).contains { $0.isAnomaly })
        let audit = try await store.audit(incidentID: incident.id, limit: 10)
        #expect(audit.contains { $0.actor == "escalation" && $0.action == "critical" })
    }

    @Test func aMetricAnomalyWithoutEvidenceIsAWarningHoweverHigh() async throws {
        let t = now.addingTimeInterval(-5 * 60)
        let outcome = try await stage().handle(Fixture.event(at: t, value: 100, score: 1))
        #expect(outcome.incident?.severity == .warning)
        #expect(outcome.alert == nil)
        #expect(await alerts.alerts.isEmpty)
        let quiet = EscalationPolicy(withoutEvidence: .info)
        let info = try await stage(AgentConfiguration(escalation: quiet)).handle(Fixture.event(Fixture.web2, at: t))
        #expect(info.incident?.severity == .info)
    }

    @Test func failingStatusChecksAreCritical() async throws {
        await fleet.setStatusFailing(Fixture.web1.id)
        let outcome = try await stage().handle(Fixture.event(at: now.addingTimeInterval(-5 * 60)))
        #expect(outcome.incident?.severity == .critical)
        #expect(outcome.incident?.summary.hasSuffix("status checks failing") == true)
        let off = AgentConfiguration(escalation: EscalationPolicy(criticalOnStatusCheckFailure: false))
        await fleet.setStatusFailing(Fixture.web2.id)
        let web2 = try await stage(off).handle(Fixture.event(Fixture.web2, at: now.addingTimeInterval(-5 * 60)))
        #expect(web2.incident?.severity == .warning)
    }

    @Test func statusChecksReadByDetectionAreNotAskedForAgain() async throws {
        var event = Fixture.event(at: now.addingTimeInterval(-5 * 60))
        event.statusChecksFailing = true
        let outcome = try await stage().handle(event)
        #expect(outcome.incident?.severity == .critical)
        #expect(outcome.incident?.summary.hasSuffix("status checks failing") == true)
        #expect(await fleet.fetches.allSatisfy { $0.metrics != [.statusCheckFailed] })
    }

    @Test func anotherAnomalyJoinsTheOpenIncident() async throws {
        let stage = stage()
        let t1 = now.addingTimeInterval(-15 * 60)
        let t2 = now.addingTimeInterval(-10 * 60)
        let first = try await stage.handle(Fixture.event(at: t1, value: 90, score: 0.85))
        let second = try await stage.handle(Fixture.event(at: t2, value: 99, score: 0.97))
        guard case .updated(let incident, _) = second else {
            Issue.record("expected an update, got \(second)")
            return
        }
        #expect(incident.id == first.incident?.id)
        #expect(incident.anomalyCount == 2)
        #expect(incident.peakScore == 0.97)
        #expect(incident.anomaly.timestamp == t1)
        let all = try await store.incidents(matching: IncidentFilter(), limit: 10, cursor: nil).items
        #expect(all.count == 1)
        // Another instance's anomaly is its own incident.
        let other = try await stage.handle(Fixture.event(Fixture.web2, at: t2))
        #expect(other.incident?.id != incident.id)
    }

    @Test func theSummaryDescribesTheIncidentAtItsWorst() async throws {
        let stage = stage()
        let peak = try await stage.handle(Fixture.event(at: now.addingTimeInterval(-15 * 60), value: 99, score: 0.97))
        let peakSummary = try #require(peak.incident?.summary)
        #expect(peakSummary.contains("99"))
        // A surge decaying: a weaker anomaly joins without rewriting what the incident says.
        let weaker = try await stage.handle(Fixture.event(at: now.addingTimeInterval(-10 * 60), value: 71, score: 0.62))
        #expect(weaker.incident?.summary == peakSummary)
        #expect(weaker.incident?.anomalyCount == 2)
        // A stronger one does.
        let stronger = try await stage.handle(
            Fixture.event(at: now.addingTimeInterval(-5 * 60), value: 100, score: 0.99))
        #expect(stronger.incident?.summary != peakSummary)
        #expect(stronger.incident?.summary.contains("100") == true)
    }

    @Test func aRepeatedEventChangesNothing() async throws {
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-20 * 60), minutes: 60, errors: true)
        let stage = stage()
        let event = Fixture.event(at: now.addingTimeInterval(-15 * 60))
        let first = try await stage.handle(event)
        let bytes = try EventCodec.encode(event)
        let again = try await stage.handle(bytes)
        let third = try await stage.handle(bytes)
        #expect(again == .duplicate(incidentID: first.incident?.id ?? ""))
        #expect(third == again)
        #expect(try await store.incident(id: first.incident?.id ?? "")?.anomalyCount == 1)
        #expect(await alerts.alerts.count == 1)
        // Also once its incident is resolved and another has opened.
        var resolved = try #require(first.incident)
        resolved.status = .resolved
        try await store.save(resolved)
        #expect(try await stage.handle(event) == .duplicate(incidentID: resolved.id))
        _ = try await stage.handle(Fixture.event(at: now.addingTimeInterval(-5 * 60)))
        #expect(try await stage.handle(event) == .stale)
    }

    @Test func aWarningBecomesCriticalWhenErrorsFollowOnce() async throws {
        let stage = stage()
        let t1 = now.addingTimeInterval(-30 * 60)
        let first = try await stage.handle(Fixture.event(at: t1))
        #expect(first.incident?.severity == .warning)
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-12 * 60), minutes: 60, errors: true)
        let second = try await stage.handle(Fixture.event(at: now.addingTimeInterval(-10 * 60)))
        #expect(second.incident?.severity == .critical)
        #expect(second.alert != nil)
        let third = try await stage.handle(Fixture.event(at: now.addingTimeInterval(-5 * 60)))
        #expect(third.alert == nil)
        #expect(await alerts.alerts.count == 1)
        #expect(third.incident?.anomalyCount == 3)
    }

    @Test func logsAreNeverAskedForBeyondNow() async throws {
        // An anomaly at the newest point: the +5 min window is cut at now (a Lambda would get nothing past it).
        let outcome = try await stage().handle(Fixture.event(at: now))
        #expect(outcome.incident != nil)
    }

    @Test func aMalformedMessageIsAClearError() async throws {
        for bad in ["", "{}", #"{"type":"aiops.anomaly","version":1,"eventID":"x"}"#, #"{"type":"other","version":1}"#]
        {
            await #expect(throws: AIOpsError.self) { try await stage().handle(Data(bad.utf8)) }
        }
        do {
            _ = try await stage().handle(Data(#"{"type":"aiops.anomaly","version":7}"#.utf8))
            Issue.record("a future version was accepted")
        } catch let error as AIOpsError {
            #expect(error.code == .unsupportedVersion)
        }
    }
}
