import AIOpsCore
import Foundation

extension DetectionStage {
    /// Fills in each event's `statusChecksFailing` from one batched query for all the cycle's
    /// anomalous instances, so that analysis does not query once per anomaly (on AWS: one
    /// `GetMetricData` call for the cycle instead of one per anomaly). Best effort: when the
    /// query fails the events go out without it and analysis asks for itself.
    func lookAtStatusChecks(for events: [AnomalyEvent]) async -> [AnomalyEvent] {
        let probe = StatusCheckProbe(metrics: metrics, configuration: configuration)
        guard probe.metric != nil, !events.isEmpty else { return events }
        let failing: [Bool]
        do {
            failing = try await probe.failing(
                events.map { ($0.instance.id, $0.anomaly.timestamp) }, now: clock.now())
        } catch {
            logger.warning(
                "status checks not read with the anomalies: analysis will ask for them",
                metadata: ["aiops.error": "\(error)"])
            return events
        }
        return zip(events, failing).map { event, failing in
            var event = event
            event.statusChecksFailing = failing
            return event
        }
    }
}
