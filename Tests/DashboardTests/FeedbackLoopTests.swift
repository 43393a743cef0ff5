import AIOpsCore
import Composition
import Detection
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogAnalysis
import Logging
import NIOCore
import Pipeline
import SQLiteStore
import TestSupport
import Testing

@testable import Dashboard

/// Issue 7's feedback loop through the API: the embedded pipeline (the `default` detector) and the
/// dashboard share one SQLite file; a verdict posted to the API changes what the next detection
/// cycle alerts on, and the API shows the adjusted threshold and why.
@Suite("Feedback loop")
struct FeedbackLoopTests {
    static let start = Date(timeIntervalSince1970: 1_790_294_400)
    static let instance = ScriptedFleet.instance

    @Test("a false positive raises the threshold, shown in the API; taken back, it alerts again")
    func falsePositiveThroughTheAPI() async throws {
        let folder = try TemporaryDirectory("feedback-loop")
        let store = try SQLiteIncidentStore(path: folder.file("aiops.sqlite").path)
        let clock = FixedClock(Self.start)
        let fleet = ScriptedFleet(clock: clock)
        for (hours, height) in [(1.0, 2.0), (5, 2.4), (9, 2.8)] {
            await fleet.spike(at: Self.start.addingTimeInterval(hours * 3600), height: height)
        }
        let detectors = try #require(
            CatalogDetectorProvider.catalog(
                "default", metrics: [.cpuUtilization], context: DetectorContext(trainingPoints: 150)))
        let pipeline = await EmbeddedPipeline.make(
            configuration: AgentConfiguration(metrics: [.cpuUtilization], period: 300, warmup: 86_400),
            ports: PipelinePorts(
                inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock),
            detectors: detectors, analyzer: RootCauseAnalyzer(), notifier: SilentNotifier(),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        @Sendable func run(until hours: Double) async throws {
            while clock.now() < Self.start.addingTimeInterval(hours * 3600) {
                clock.advance(by: 300)
                try await pipeline.agent.runCycle()
            }
        }
        @Sendable func opened(near hours: Double) async throws -> [Incident] {
            let at = Self.start.addingTimeInterval(hours * 3600)
            return try await store.incidents(
                matching: IncidentFilter(from: at.addingTimeInterval(-600), to: at.addingTimeInterval(600)), limit: 5,
                cursor: nil
            ).items
        }

        let fixture = DashboardFixture()
        let app = try buildApplication(
            DashboardDependencies(
                store: store, metrics: SnapshotMetricSource(store: store), clock: clock, token: DashboardFixture.token,
                resources: try DashboardResources.locate()),
            configuration: DashboardConfiguration(host: "127.0.0.1", port: 0))
        try await app.test(.router) { client in
            func judge(_ id: String, _ verdict: String) async throws {
                try await client.execute(
                    uri: "/api/v1/incidents/\(id)/feedback", method: .post, headers: fixture.jsonHeaders,
                    body: ByteBuffer(string: #"{"verdict":"\#(verdict)","note":"nightly batch job"}"#)
                ) { #expect($0.status == .ok) }
            }
            func detail(_ id: String) async throws -> API.IncidentDetail {
                try await client.execute(uri: "/api/v1/incidents/\(id)", method: .get, headers: fixture.authorized) {
                    try $0.decode(API.IncidentDetail.self)
                }
            }
            func instances() async throws -> [API.Instance] {
                try await client.execute(uri: "/api/v1/instances", method: .get, headers: fixture.authorized) {
                    try $0.decode(API.List<API.Instance>.self).items
                }
            }

            try await run(until: 2)
            let first = try #require(try await opened(near: 1).first)
            #expect(try await detail(first.id).thresholdAdjustment == nil)
            try await judge(first.id, "false_positive")

            try await run(until: 6)
            #expect(try await opened(near: 5).isEmpty, "the next spike alerted despite the false positive")
            let shown = try #require(try await detail(first.id).thresholdAdjustment)
            #expect(shown.incidentIds == [first.id])
            #expect((shown.threshold ?? 0) > (shown.baseThreshold ?? 1))
            #expect(shown.reason.hasPrefix("threshold raised from "))
            #expect(shown.reason.contains("after 1 false positive"))
            #expect(
                try await detail(first.id).audit.contains {
                    $0.action == "threshold-raised" && $0.reason == shown.reason
                })
            let listed = try #require(try await instances().first { $0.id == Self.instance.id })
            #expect(listed.thresholdAdjustments == [shown])

            try await judge(first.id, "true_positive")
            try await run(until: 10)
            #expect(try await opened(near: 9).count == 1, "the verdict taken back did not restore the threshold")
            #expect(try await detail(first.id).thresholdAdjustment == nil)
            #expect(try await detail(first.id).audit.contains { $0.action == "threshold-restored" })
            #expect(try await instances().first { $0.id == Self.instance.id }?.thresholdAdjustments == nil)
        }
        withExtendedLifetime(folder) {}
    }
}

/// Drops alerts: this test is about detection, not about who is told.
private struct SilentNotifier: Notifier {
    func notify(_ alert: CriticalAlert) async throws {}
}
