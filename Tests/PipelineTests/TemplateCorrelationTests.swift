import AIOpsCore
import Foundation
import LogAnalysis
import Pipeline
import Simulator
import Testing

/// Correlation by a shared new log template, on the simulated fleet: a web and an api instance
/// share no group (other roles, no zone tag, no dependency edge), but a degraded network writes
/// the same new kernel error on both (the ENA driver's transmit timeouts), so their overlapping
/// anomalies are one incident. A worker crash-looping meanwhile writes errors of its own and
/// stays apart.
@Suite struct TemplateCorrelationTests {
    @Test func overlappingAnomaliesSharingANewErrorTemplateAreOneIncident() async throws {
        let start = Fixture.t0.addingTimeInterval(9 * 3600)
        let clock = VirtualClock(start: start)
        let fleet = try SimulatedFleet(configuration: FleetConfiguration(seed: 7, instanceCount: 6), clock: clock)
        let instances = try await fleet.monitoredInstances()
        let web = try #require(instances.first { $0.tags["Role"] == "web" })
        let api = try #require(instances.first { $0.tags["Role"] == "api" })
        let worker = try #require(instances.first { $0.tags["Role"] == "worker" })
        let onset = start.addingTimeInterval(600)
        try fleet.inject(.networkDegradation, instanceID: web.id, at: onset, duration: 1800)
        try fleet.inject(.networkDegradation, instanceID: api.id, at: onset.addingTimeInterval(120), duration: 1800)
        try fleet.inject(.crashLoop, instanceID: worker.id, at: onset, duration: 1800)
        clock.advance(to: onset.addingTimeInterval(600))

        var configuration = AgentConfiguration()
        configuration.correlation = CorrelationPolicy()
        let store = InMemoryIncidentStore()
        let alerts = RecordingPublisher()
        let stage = AnalysisStage(
            configuration: configuration, store: store, logs: fleet, metrics: fleet, analyzer: RootCauseAnalyzer(),
            alerts: alerts, clock: clock, logger: .quiet)
        for (instance, minutes) in [(web, 8.0), (worker, 8.5), (api, 9.0)] {
            _ = try await stage.handle(Fixture.event(instance, at: onset.addingTimeInterval(minutes * 60)))
        }

        let incidents = try await store.incidents(matching: IncidentFilter(status: .open), limit: 10, cursor: nil).items
        let network = try #require(incidents.first { $0.instanceID == web.id })
        #expect(network.severity == .critical)
        #expect(network.memberIDs == [web.id, api.id], "\(network.correlation)")
        let shared = network.findings.filter { network.correlation.keys.contains("template:\($0.templateID)") }
        #expect(shared.contains { $0.template.contains("TX timed out") }, "\(shared.map(\.template))")
        // The worker's crash loop is its own incident, and each problem paged once.
        #expect(incidents.count == 2, "\(incidents.map { ($0.instanceID, $0.memberIDs) })")
        #expect(incidents.contains { $0.instanceID == worker.id && $0.memberIDs == [worker.id] })
        #expect(await alerts.alerts.count == 2)
    }
}
