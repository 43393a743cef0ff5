import AIOpsCore
import Foundation

extension DetectionStage {
    /// Fills in each event's `statusChecksFailing` from one batched query for all the cycle's
    /// anomalous instances, so that analysis does not query once per anomaly (on AWS: one
    /// `GetMetricData` call for the cycle instead of one per anomaly). Best effort: when the
    /// query fails the events go out without it and analysis asks for itself.
    func lookAtStatusChecks(for events: [AnomalyEvent]) async -> [AnomalyEvent] {
        guard let metric = configuration.statusCheckMetric, configuration.escalation.criticalOnStatusCheckFailure,
            let earliest = events.map(\.anomaly.timestamp).min(),
            let latest = events.map(\.anomaly.timestamp).max()
        else { return events }
        let period = Double(configuration.period)
        let now = clock.now()
        let series: [MetricSeries]
        do {
            series = try await metrics.fetch(
                MetricQuery(
                    instanceIDs: Array(Set(events.map(\.instance.id))).sorted(), metrics: [metric],
                    start: earliest.addingTimeInterval(-2 * period),
                    end: min(now, latest.addingTimeInterval(period)).addingTimeInterval(1), period: configuration.period
                ))
        } catch {
            logger.warning(
                "status checks not read with the anomalies: analysis will ask for them",
                metadata: ["aiops.error": "\(error)"])
            return events
        }
        var failing: [String: [Date]] = [:]
        for one in series where one.metric == metric {
            failing[one.instanceID, default: []] += one.points.filter { $0.value > 0 }.map(\.timestamp)
        }
        return events.map { event in
            var event = event
            // The same window analysis would read: two periods before the anomaly, one after.
            let from = event.anomaly.timestamp.addingTimeInterval(-2 * period)
            let to = min(now, event.anomaly.timestamp.addingTimeInterval(period))
            event.statusChecksFailing = (failing[event.instance.id] ?? []).contains { $0 >= from && $0 <= to }
            return event
        }
    }
}
