public import AIOpsCore
public import Foundation
public import Remediation

/// Judges recovery after an action from the instance's own history: over the settled end of the
/// verification window, the incident's metric must lie in the band it kept before the incident
/// (and the detector's expected range, when it gave one), and error-level log lines must be back
/// near their pre-incident rate.
public struct BaselineRecoveryProbe: RecoveryProbe {
    let metrics: any MetricSource
    let logs: any LogSource
    let classifier: any LogLevelClassifying
    let period: Int
    let window: TimeInterval
    let criteria: RecoveryCriteria

    public init(
        metrics: any MetricSource, logs: any LogSource,
        classifier: any LogLevelClassifying = SeverityLevelClassifier(),
        period: Int, verificationWindow: TimeInterval, criteria: RecoveryCriteria = RecoveryCriteria()
    ) {
        self.metrics = metrics
        self.logs = logs
        self.classifier = classifier
        self.period = period
        self.window = verificationWindow
        self.criteria = criteria
    }

    public func verify(action: RemediationAction, incident: Incident, now: Date) async throws -> RecoveryVerdict {
        let windowEnd = min(now, action.at.addingTimeInterval(window))
        let settledStart = windowEnd.addingTimeInterval(-window * criteria.settledFraction)
        let baselineEnd = incident.openedAt.addingTimeInterval(-criteria.baselineGap)
        let baselineStart = baselineEnd.addingTimeInterval(-criteria.baselineSpan)

        let series = try await metrics.fetch(
            MetricQuery(
                instanceIDs: [incident.instanceID], metrics: [incident.metric], start: baselineStart,
                end: windowEnd.addingTimeInterval(1), period: period))
        let points = series.filter { $0.instanceID == incident.instanceID }.flatMap(\.points)
        let before = points.filter { $0.timestamp >= baselineStart && $0.timestamp < baselineEnd }.map(\.value)
        let after = points.filter { $0.timestamp >= settledStart && $0.timestamp <= windowEnd }.map(\.value)
        guard let band = band(before: before, expected: incident.anomaly.expected) else {
            return .notRecovered(evidence: "no baseline for \(incident.metric) before the incident")
        }
        guard !after.isEmpty else {
            return .notRecovered(evidence: "no \(incident.metric) datapoints after the action")
        }
        let inside = after.filter { band.contains($0) }.count
        let share = Double(inside) / Double(after.count)
        let metricOK = share >= criteria.requiredShare
        let metricText =
            "\(incident.metric) \(AlertEmail.fmt(after.last ?? 0)) now; \(inside)/\(after.count) points within "
            + "\(AlertEmail.fmt(band.lowerBound))–\(AlertEmail.fmt(band.upperBound))"

        let errorsAfter = try await errorRate(incident.instanceID, from: settledStart, to: windowEnd)
        let errorsBefore = try await errorRate(incident.instanceID, from: baselineStart, to: baselineEnd)
        let allowed = max(errorsBefore * criteria.errorRateFactor, errorsBefore + criteria.errorRateSlack)
        let errorsOK = errorsAfter <= allowed
        let errorText =
            "errors \(String(format: "%.2f", errorsAfter))/min (baseline \(String(format: "%.2f", errorsBefore))/min)"

        let evidence = "\(metricText); \(errorText)"
        return metricOK && errorsOK ? .recovered(evidence: evidence) : .notRecovered(evidence: evidence)
    }

    /// The range the metric kept before the incident (2nd to 98th percentile), joined with the
    /// detector's expected range, widened by the tolerance.
    func band(before: [Double], expected: ClosedRange<Double>?) -> ClosedRange<Double>? {
        var low = expected?.lowerBound
        var high = expected?.upperBound
        let sorted = before.filter(\.isFinite).sorted()
        if !sorted.isEmpty {
            let q = { (p: Double) in sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))] }
            low = min(low ?? .infinity, q(0.02))
            high = max(high ?? -.infinity, q(0.98))
        }
        guard let low, let high, low <= high else { return nil }
        // Slow seasonal drift moves a metric out of a narrow band without anything being wrong:
        // the band widens by a share of its width, and by at least a tenth of its level.
        let pad = max((high - low) * criteria.bandTolerance, abs(low + high) / 2 * 0.1, 1e-9)
        return (low - pad)...(high + pad)
    }

    /// Error-level (or worse) lines per minute in a window.
    func errorRate(_ instanceID: String, from start: Date, to end: Date) async throws -> Double {
        guard end > start else { return 0 }
        let events = try await logs.events(instanceID: instanceID, from: start, to: end)
        let errors = events.filter { classifier.level(of: $0.message) >= .error }.count
        return Double(errors) / (end.timeIntervalSince(start) / 60)
    }
}
