import AIOpsCore
import Foundation
import Tracing

extension AnalysisStage {
    /// What the logs and the status checks say about one anomaly, and the severity that follows.
    struct Investigation: Sendable {
        var analysis: Analysis
        var statusChecksFailing: Bool
        var severity: Severity
        var reason: String
        var summary: String
    }

    /// Fetches the analyzer's log windows (never past now) and the status checks around the
    /// anomaly, runs the analysis, and applies the escalation policy.
    /// `knownStatus`: what detection found of the status checks, when it looked.
    func investigate(_ anomaly: Anomaly, on instance: Instance, knownStatus: Bool?, now: Date) async throws
        -> Investigation
    {
        let windows = analyzer.windows(around: anomaly.timestamp)
        let windowEnd = min(windows.anomaly.end, max(now, windows.anomaly.start))
        let (excerpt, baseline) = try await withSpan("fetch logs", ofKind: .client) { span in
            let excerpt = try await logs.excerpt(instanceID: instance.id, from: windows.anomaly.start, to: windowEnd)
            let baseline = try await logs.events(
                instanceID: instance.id, from: windows.baseline.start, to: windows.baseline.end)
            span.attributes["aiops.log-lines"] = excerpt.events.count + baseline.count
            return (excerpt, baseline)
        }
        let window = excerpt.events
        let fetched = LogWindows(
            anomaly: DateInterval(start: windows.anomaly.start, end: windowEnd), baseline: windows.baseline)
        // Bounded here, once, so that whatever the lines held, the incident and its alert fit
        // the stores' and SNS's limits (docs/pipeline.md, "Bounded payloads").
        let analysis = try await withSpan("root cause") { span in
            let analysis = try await analyzer.analyze(
                anomaly: anomaly, instance: instance, window: window, baseline: baseline, windows: fetched
            ).bounded()
            span.attributes["aiops.findings"] = analysis.findings.count
            return analysis
        }
        let failing: Bool
        if let knownStatus, configuration.escalation.criticalOnStatusCheckFailure {
            failing = knownStatus
        } else {
            failing = try await StatusCheckProbe(metrics: metrics, configuration: configuration)
                .failing([(instance.id, anomaly.timestamp)], now: now)[0]
        }
        let (severity, reason) = configuration.escalation.judge(analysis, statusChecksFailing: failing)
        var summary =
            analysis.summary.isEmpty
            ? "\(anomaly.metric) \(Self.format(anomaly.value)) on \(instance.id) (\(instance.name))" : analysis.summary
        if failing { summary += "; status checks failing" }
        if excerpt.droppedOlder {
            summary += "; log window over budget: older lines dropped, newest \(window.count) read"
        }
        return Investigation(
            analysis: analysis, statusChecksFailing: failing, severity: severity, reason: reason, summary: summary)
    }

    /// The event's anomaly investigated on its instance (with what detection knew of the status
    /// checks), unless it was already: `known`.
    func investigate(_ event: AnomalyEvent, now: Date, unless known: Investigation?) async throws -> Investigation {
        if let known { return known }
        return try await investigate(
            event.anomaly, on: event.instance, knownStatus: event.statusChecksFailing, now: now)
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.1f", value)
    }
}
