import AIOpsCore
import Foundation
import Logging
import Pipeline
import TestSupport
import Testing

/// Parallel analyses of one instance, their by-instance reads blind to each other (as DynamoDB's
/// index is for a moment): the opening lease makes them one incident with one alert.
@Suite struct AnalysisRaceTests {
    let clock = ManualClock(Fixture.t0.addingTimeInterval(3 * 3600))
    let base = InMemoryIncidentStore()
    let alerts = RecordingPublisher()
    let fleet: FakeFleet

    init() {
        fleet = FakeFleet(instances: [Fixture.web1, Fixture.web2], clock: clock)
    }

    func stage() -> AnalysisStage {
        AnalysisStage(
            configuration: AgentConfiguration(), store: StaleReadStore(base, stale: .openIncident), logs: fleet,
            metrics: fleet, analyzer: KeywordAnalyzer(), alerts: alerts, clock: clock, logger: Logger.quiet)
    }

    @Test func parallelAnalysesOfOneInstanceJoinOneIncidentAndPageOnce() async throws {
        let start = clock.now().addingTimeInterval(-20 * 60)
        await fleet.spike(Fixture.web1.id, from: start, minutes: 60, errors: true)
        // Four anomalies of one instance, each event delivered twice, all at once.
        let events = (0..<4).flatMap { n in
            let event = Fixture.event(at: start.addingTimeInterval(Double(n) * 60))
            return [event, event]
        }
        let outcomes = try await withThrowingTaskGroup(of: AnalysisOutcome.self) { group in
            for event in events { group.addTask { try await stage().handle(event) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let incidents = try await base.incidents(matching: IncidentFilter(), limit: 10, cursor: nil).items
        #expect(incidents.count == 1)
        // One alert: the incident's one id. Only the opening event's own second delivery, racing
        // the first, may repeat that same message (acted on once; SNS may repeat it anyway).
        let alerted = await alerts.alerts
        #expect(Set(alerted.map(\.alertID)) == [AnalysisStage.alertID(incidentID: incidents[0].id)])
        #expect((1...2).contains(alerted.count))
        #expect(outcomes.filter { if case .opened = $0 { true } else { false } }.count <= 2)
        // Every anomaly is kept under the one incident, whichever analysis recorded it.
        #expect(await base.anomalies(incidentID: incidents[0].id).count == 4)
    }
}
