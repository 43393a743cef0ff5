import AIOpsCore
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// What the ledger counts as evidence: only false positives, only within the horizon, only the
/// anomalies a person had seen when judging, per metric.
@Suite struct FeedbackLedgerTests {
    static let now = StoreFixtures.time(0).addingTimeInterval(40 * 86_400)

    static func judged(
        _ id: String, openedDaysAgo days: Double, verdict: Feedback.Verdict, scores: [(MetricName, Double, Double)]
    ) -> (Incident, [Anomaly]) {
        let opened = now.addingTimeInterval(-days * 86_400)
        var incident = StoreFixtures.incident(id, openedAt: opened)
        // Judged ten minutes after it opened.
        incident.feedback = Feedback(verdict: verdict, note: nil, at: opened.addingTimeInterval(600), by: "api")
        incident.anomaly.score = scores.first?.1 ?? 0.6
        let anomalies = scores.map { metric, score, minutes in
            var anomaly = StoreFixtures.anomaly(metric: metric, at: opened.addingTimeInterval(minutes * 60))
            anomaly.score = score
            return anomaly
        }
        return (incident, anomalies)
    }

    @Test func countsOnlyWhatWasJudgedWithinTheHorizon() async throws {
        let store: any IncidentStore = InMemoryIncidentStore()
        let cases = [
            // Seen before the verdict: 0.7 on CPU, 0.65 on network; 0.99 joined after it.
            Self.judged(
                "inc-recent", openedDaysAgo: 2, verdict: .falsePositive,
                scores: [(.cpuUtilization, 0.7, 0), (.networkIn, 0.65, 5), (.cpuUtilization, 0.99, 20)]),
            Self.judged("inc-old", openedDaysAgo: 31, verdict: .falsePositive, scores: [(.cpuUtilization, 0.9, 0)]),
            Self.judged("inc-real", openedDaysAgo: 1, verdict: .truePositive, scores: [(.cpuUtilization, 0.95, 0)]),
        ]
        for (incident, anomalies) in cases {
            try await store.save(incident)
            for anomaly in anomalies { try await store.recordAnomaly(anomaly, incidentID: incident.id) }
        }
        var ledger = FeedbackLedger(policy: FeedbackPolicy())
        let evidence = try await ledger.falsePositives(in: store, now: Self.now)
        let instance = StoreFixtures.incident("x").instanceID
        let cpu = SeriesKey(instanceID: instance, metric: .cpuUtilization)
        let network = SeriesKey(instanceID: instance, metric: .networkIn)
        #expect(evidence[cpu]?.map(\.incidentID) == ["inc-recent"])
        #expect(evidence[cpu]?.map(\.score) == [0.7])
        #expect(evidence[network]?.map(\.score) == [0.65])

        let adjustments = ledger.adjustments(evidence) { _ in 0.525 }
        #expect(adjustments[cpu].map { $0.threshold > 0.7 && $0.threshold < 0.768 } == true)
        #expect(adjustments[network]?.falsePositiveScore == 0.65)
        // A series whose detector is not installed gets none.
        #expect(ledger.adjustments(evidence) { $0 == cpu ? 0.525 : nil }.keys.sorted { $0.metric < $1.metric } == [cpu])
    }
}
