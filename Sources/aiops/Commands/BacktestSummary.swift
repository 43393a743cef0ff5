import AIOpsCore
import Evaluation
import Foundation

/// The few lines `aiops backtest` prints: what was replayed, what the agent would have done, and
/// the scores when labels were given.
enum BacktestSummary {
    static func render(_ report: BacktestReport) -> String {
        let input = report.input
        let count = TerminalText.count
        var lines = [
            "replayed \(count(input.instances.count, "instance", nil)), \(input.metrics.joined(separator: ", ")), "
                + "\(ISO8601.string(from: input.replayFrom)) to \(ISO8601.string(from: input.to)) "
                + "(\(count(input.cycles, "cycle", nil)) of \(input.period) s after \(hours(input.replayFrom.timeIntervalSince(input.from))) of warm-up), "
                + "\(count(input.logLines, "log line", nil)), detector \(input.detector)"
        ]
        let critical = report.incidents.filter { $0.severity == Severity.critical.rawValue }.count
        lines.append(
            "would have opened \(count(report.incidents.count, "incident", nil)) (\(critical) critical), "
                + "sent \(count(report.alerts.count, "alert", nil)), "
                + "decided \(count(report.actions.count, "remediation", nil)): "
                + Dictionary(grouping: report.actions, by: \.status).map { "\($0.value.count) \($0.key)" }.sorted()
                .joined(separator: ", "))
        for incident in report.incidents {
            lines.append(
                "  \(ISO8601.string(from: incident.firstAnomaly)) \(incident.instanceID) \(incident.metric) "
                    + "\(incident.severity) (\(count(incident.anomalies, "anomaly", "anomalies")), peak \(format(incident.peakScore)))"
                    + (incident.rootCause.map { " — \($0.prefix(80))" } ?? ""))
        }
        if let evaluation = report.evaluation {
            for (name, scores) in [("incidents", evaluation.incidents), ("alerts", evaluation.alerts)] {
                lines.append(
                    "\(name): precision \(scores.precision.map(format) ?? "-"), recall \(scores.recall.map(format) ?? "-") "
                        + "(\(scores.faultsDetected) of \(scores.faults) faults; \(scores.falsePositives) false), "
                        + "mean time to detect \(scores.meanTimeToDetectSeconds.map { minutes($0) } ?? "-")")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
    private static func minutes(_ seconds: Double) -> String { String(format: "%.1f min", seconds / 60) }
    private static func hours(_ seconds: Double) -> String { String(format: "%.1f h", seconds / 3600) }
}
