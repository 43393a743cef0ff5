import AIOpsCore
import Foundation

/// Reads the status-check metric around anomalies, for both stages that need it: detection asks
/// once per cycle for all its anomalies (on AWS one `GetMetricData` call instead of one per
/// anomaly), analysis asks for one anomaly when detection could not. One window for both: two
/// periods before the anomaly and one after, never past now.
struct StatusCheckProbe: Sendable {
    let metrics: any MetricSource
    /// Nil when no status-check metric is set or the escalation policy ignores status checks.
    let metric: MetricName?
    let period: Int

    init(metrics: any MetricSource, configuration: AgentConfiguration) {
        self.metrics = metrics
        self.metric =
            configuration.escalation.criticalOnStatusCheckFailure ? configuration.statusCheckMetric : nil
        self.period = configuration.period
    }

    /// For each anomaly (an instance and a time), whether its status checks read non-zero within
    /// its window; all false when status checks are not looked at. One query for all of them.
    func failing(_ anomalies: [(instanceID: String, time: Date)], now: Date) async throws -> [Bool] {
        guard let metric, let earliest = anomalies.map(\.time).min(), let latest = anomalies.map(\.time).max()
        else { return anomalies.map { _ in false } }
        let series = try await metrics.fetch(
            MetricQuery(
                instanceIDs: Array(Set(anomalies.map(\.instanceID))).sorted(), metrics: [metric],
                start: window(around: earliest, now: now).from,
                end: window(around: latest, now: now).to.addingTimeInterval(1), period: period))
        var failed: [String: [Date]] = [:]
        for one in series where one.metric == metric {
            failed[one.instanceID, default: []] += one.points.filter { $0.value > 0 }.map(\.timestamp)
        }
        return anomalies.map { anomaly in
            let (from, to) = window(around: anomaly.time, now: now)
            return (failed[anomaly.instanceID] ?? []).contains { $0 >= from && $0 <= to }
        }
    }

    /// The window read around an anomaly at `time`.
    private func window(around time: Date, now: Date) -> (from: Date, to: Date) {
        (time.addingTimeInterval(-2 * Double(period)), min(now, time.addingTimeInterval(Double(period))))
    }
}
