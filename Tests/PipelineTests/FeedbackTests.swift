import AIOpsCore
import Composition
import Detection
import Foundation
import Logging
import Pipeline
import TestSupport
import Testing

/// Feedback end to end on the embedded pipeline with the `default` detector: a borderline spike
/// alerts; marked false positive, the next, slightly larger one does not; with the verdict taken
/// back it alerts again; and a large fault alerts whatever the feedback.
@Suite struct FeedbackTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_208_000)
    /// The agent starts after a day of history (its detectors warm up on it).
    static let start = t0.addingTimeInterval(86_400)
    static let instance = ScriptedFleet.instance

    /// A scenario: the fleet, the store and the pipeline over them, driven cycle by cycle.
    struct Run {
        let clock: ManualClock
        let fleet: ScriptedFleet
        let store: any IncidentStore
        let pipeline: EmbeddedPipeline

        static func make(store: any IncidentStore = InMemoryIncidentStore()) async throws -> Run {
            let clock = ManualClock(FeedbackTests.start)
            let fleet = ScriptedFleet(clock: clock)
            let configuration = AgentConfiguration(
                metrics: [.cpuUtilization], period: 300, warmup: 86_400, chartWindow: 3600)
            let detectors = try #require(
                CatalogDetectorProvider.catalog(
                    "default", metrics: [.cpuUtilization], context: DetectorContext(trainingPoints: 150)))
            let ports = PipelinePorts(
                inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock)
            let pipeline = await EmbeddedPipeline.make(
                configuration: configuration, ports: ports, detectors: detectors, analyzer: KeywordAnalyzer(),
                notifier: RecordingNotifier(), logger: .quiet)
            return Run(clock: clock, fleet: fleet, store: store, pipeline: pipeline)
        }

        /// Spikes the CPU by `height` for one period, `hours` after the start.
        func spike(hours: Double, height: Double) async {
            await fleet.spike(at: FeedbackTests.start.addingTimeInterval(hours * 3600), height: height)
        }

        /// Runs the agent's cycles every 5 minutes up to `hours` after the start.
        func run(until hours: Double) async throws {
            let end = FeedbackTests.start.addingTimeInterval(hours * 3600)
            while clock.now() < end {
                clock.advance(minutes: 5)
                try await pipeline.agent.runCycle()
            }
        }

        /// Incidents opened at the spike `hours` after the start (none when it did not alert).
        func incidents(at hours: Double) async throws -> [Incident] {
            let at = FeedbackTests.start.addingTimeInterval(hours * 3600)
            return try await store.incidents(
                matching: IncidentFilter(from: at.addingTimeInterval(-600), to: at.addingTimeInterval(600)),
                limit: 10, cursor: nil
            ).items
        }

        /// Gives `incident` a verdict (nil: takes it back), as `POST /incidents/{id}/feedback` does.
        func judge(_ incident: Incident, _ verdict: Feedback.Verdict?) async throws {
            var judged = try #require(try await store.incident(id: incident.id))
            judged.feedback = verdict.map { Feedback(verdict: $0, note: nil, at: clock.now(), by: "api") }
            try await store.save(judged)
        }
    }

    /// Spikes (hours after the start, height over a ±2 ripple), each a little more novel than the
    /// last to the detector, which learns every one: borderline, then larger, then a large fault.
    static let spikes: [(hours: Double, height: Double)] = [(1, 2.0), (5, 2.4), (9, 2.8), (13, 3.4), (17, 40)]

    static func scenario(store: any IncidentStore = InMemoryIncidentStore()) async throws -> Run {
        let run = try await Run.make(store: store)
        for spike in spikes { await run.spike(hours: spike.hours, height: spike.height) }
        return run
    }

    @Test func withoutFeedbackEverySpikeAlerts() async throws {
        // The control: what the verdicts below change.
        let run = try await Self.scenario()
        try await run.run(until: 20)
        for spike in Self.spikes {
            #expect(try await run.incidents(at: spike.hours).count == 1, "spike at +\(spike.hours) h")
        }
        #expect(try await ThresholdAdjustment.adjustedInstances(in: run.store).isEmpty)
        #expect(try await run.store.audit(incidentID: nil, limit: 100).allSatisfy { $0.actor != "detection" })
    }

    @Test func falsePositivesRaiseTheThresholdRevertiblyAndBoundedly() async throws {
        let run = try await Self.scenario()
        let key = ThresholdAdjustment.publishedKey(instanceID: Self.instance.id)

        // A borderline spike alerts; a person calls it a false positive.
        try await run.run(until: 2)
        let first = try #require(try await run.incidents(at: 1).first)
        let base = first.anomaly.threshold
        // The alert explains itself: the feature that drove the score and the band it left.
        let band = try #require(first.anomaly.expected)
        #expect(first.anomaly.drivingFeature.map(AdaptiveConfiguration.Feature.init(rawValue:)) != nil)
        #expect(!band.contains(first.anomaly.value))
        // The chart's band: the quiet points before the spike lie within theirs.
        let before = try await run.store.series(incidentID: first.id).filter { $0.timestamp < first.openedAt }
        #expect(before.count >= 6)
        #expect(before.allSatisfy { point in point.expected.map { $0.contains(point.value) } ?? false })
        try await run.judge(first, .falsePositive)

        // The next, slightly larger spike does not alert: the threshold was raised above the
        // false positive's score, published with its reason, and audited on the incident.
        try await run.run(until: 6)
        #expect(try await run.incidents(at: 5).isEmpty)
        let raised = try #require(
            try await ThresholdAdjustment.published(instanceID: Self.instance.id, in: run.store).first)
        #expect(raised.metric == .cpuUtilization)
        #expect(raised.baseThreshold == base)
        #expect(raised.falsePositiveScore == first.peakScore)
        #expect(raised.threshold > first.peakScore && !raised.capped)
        #expect(raised.incidentIDs == [first.id])
        #expect(raised.reason.contains("after 1 false positive"))
        #expect(try await ThresholdAdjustment.adjustedInstances(in: run.store) == [Self.instance.id])
        let raisedAudit = try await run.store.audit(incidentID: first.id, limit: 50).filter { $0.actor == "detection" }
        #expect(raisedAudit.map(\.action) == ["threshold-raised"])
        #expect(raisedAudit.first?.reason == raised.reason)

        // The verdict taken back (a true positive after all): the next spike alerts again, at
        // the detector's own threshold, and the restoration is audited.
        try await run.judge(first, .truePositive)
        try await run.run(until: 10)
        let third = try #require(try await run.incidents(at: 9).first)
        #expect(third.anomaly.threshold == base)
        #expect(try await ThresholdAdjustment.published(instanceID: Self.instance.id, in: run.store).isEmpty)
        #expect(try await run.store.checkpoint(key) == "[]")
        #expect(try await ThresholdAdjustment.adjustedInstances(in: run.store).isEmpty)
        let trail = try await run.store.audit(incidentID: first.id, limit: 50).filter { $0.actor == "detection" }
        #expect(trail.map(\.action) == ["threshold-restored", "threshold-raised"])

        // Both called false positives: a similar spike is quiet, but a large fault still alerts,
        // judged against the raised threshold.
        try await run.judge(first, .falsePositive)
        try await run.judge(third, .falsePositive)
        try await run.run(until: 18)
        #expect(try await run.incidents(at: 13).isEmpty)
        let fault = try #require(try await run.incidents(at: 17).first)
        let again = try #require(
            try await ThresholdAdjustment.published(instanceID: Self.instance.id, in: run.store).first)
        #expect(again.incidentIDs == [third.id, first.id])
        #expect(again.reason.contains("after 2 false positives"))
        #expect(fault.anomaly.threshold == again.threshold)
        #expect(fault.anomaly.score > again.threshold)
    }

    @Test func theRaiseIsCapped() {
        let policy = FeedbackPolicy()
        // A false positive that scored 0.95 would want the threshold near 0.96; the cap (3× the
        // detector's odds) holds it at 0.768, so anything more novel still alerts.
        let capped = policy.threshold(base: 0.525, falsePositiveScore: 0.95)
        #expect(capped.capped)
        #expect(abs(capped.threshold - (3 * 0.525 / 0.475) / (1 + 3 * 0.525 / 0.475)) < 1e-9)
        // Well below the detector's own threshold (a changed model): nothing to raise.
        #expect(policy.threshold(base: 0.525, falsePositiveScore: 0.4) == (0.525, false))
        // A detector whose own threshold is above the cap is never lowered.
        #expect(FeedbackPolicy(maximumOddsRatio: 1).threshold(base: 0.6, falsePositiveScore: 0.9).threshold == 0.6)
    }
}
