import AIOpsCore
import Foundation

/// The one line a person reads first: what the metric did, where, and the strongest log evidence
/// with its count and since when, e.g.
/// `CPUUtilization 97% (expected 20–45%) on i-0abc… (web-3); 312 × "java.lang.OutOfMemoryError:
/// Java heap space" — new since 14:02 UTC`.
enum AnalysisSummary {
    /// Longest template quoted in a summary, in characters.
    static let maxTemplateLength = 120

    static func text(
        anomaly: Anomaly, instanceName: String?, findings: [RootCauseAnalyzer.Scored], hasErrorEvidence: Bool,
        linesInWindow: Int
    ) -> String {
        var text = metricPart(anomaly, instanceName: instanceName)
        let changed = findings.filter { $0.finding.novelty != .steady }
        guard linesInWindow > 0 else { return text + "; no log lines in the window" }
        if hasErrorEvidence, let top = changed.first(where: { $0.isErrorEvidence }) {
            text += "; " + describe(top.finding)
            let consequences = top.finding.consequences.count
            if consequences > 0 {
                text += ", leading \(consequences) consequence template\(consequences == 1 ? "" : "s")"
            }
            let others = changed.filter { $0.isErrorEvidence }.count - 1
            if others > 0 { text += " (+\(others) more new or surging error template\(others == 1 ? "" : "s"))" }
            return text
        }
        text +=
            "; no new or surging errors beyond the log volume in \(linesInWindow) line\(linesInWindow == 1 ? "" : "s")"
        if let top = changed.first { text += "; top change: " + describe(top.finding) }
        return text
    }

    /// `CPUUtilization 97% (expected 20–45%) on i-0abc (web-3)`.
    static func metricPart(_ anomaly: Anomaly, instanceName: String?) -> String {
        let percent = isPercent(anomaly.metric)
        var text = "\(anomaly.metric) \(format(anomaly.value, percent: percent))"
        if let expected = anomaly.expected {
            let low = format(expected.lowerBound, percent: false)
            text += " (expected \(low)–\(format(expected.upperBound, percent: percent)))"
        }
        text += " on \(anomaly.instanceID)"
        if let instanceName, !instanceName.isEmpty, instanceName != anomaly.instanceID { text += " (\(instanceName))" }
        return text
    }

    /// `312 × "template" — new since 14:02 UTC` or `… — surging ×8.5 since 14:02 UTC`.
    static func describe(_ finding: Finding) -> String {
        var template = finding.template
        if template.count > maxTemplateLength { template = String(template.prefix(maxTemplateLength - 1)) + "…" }
        let since = "since \(clock(finding.firstSeen)) UTC"
        switch finding.novelty {
        case .new:
            return "\(finding.count) × \"\(template)\" — new \(since)"
        case .surging:
            let ratio = finding.baselineRate > 0 ? Double(finding.count) / finding.baselineRate : 0
            return "\(finding.count) × \"\(template)\" — surging ×\(String(format: "%.1f", ratio)) \(since)"
        case .steady:
            return "\(finding.count) × \"\(template)\" — steady"
        }
    }

    private static func isPercent(_ metric: MetricName) -> Bool {
        let name = metric.rawValue.lowercased()
        return name.contains("utilization") || name.contains("percent")
    }

    /// `97%`, `12.5`, `3.4M`: short, as a person reads a dashboard.
    static func format(_ value: Double, percent: Bool) -> String {
        if percent { return String(format: value < 10 ? "%.1f%%" : "%.0f%%", value) }
        let magnitude = abs(value)
        let (scaled, suffix): (Double, String) =
            magnitude >= 1e9
            ? (value / 1e9, "G")
            : magnitude >= 1e6
                ? (value / 1e6, "M")
                : magnitude >= 1e4 ? (value / 1e3, "k") : (value, "")
        let digits = abs(scaled) >= 100 || scaled == scaled.rounded() ? "%.0f" : "%.1f"
        return String(format: digits, scaled) + suffix
    }

    /// `14:02` in UTC.
    static func clock(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }
}
