public import AIOpsCore
public import Foundation

/// The email a critical alert would send, in RFC 5322 form: what the outbox keeps and what the
/// SNS email subscription says on AWS.
///
/// Summaries and log lines are attacker-controlled text: header values are stripped of line
/// breaks (no header injection), non-ASCII subjects are RFC 2047-encoded, and body lines are
/// cleaned of control characters and kept under the 998-octet line limit.
public struct AlertEmail: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var date: Date
    public var messageID: String
    public var body: String
    /// Extra `X-` headers identifying the incident.
    public var extraHeaders: [String: String]

    /// The email for `alert`; `dashboard` (e.g. `http://127.0.0.1:8080`) adds a link to the incident.
    public init(alert: CriticalAlert, from: String, to: [String], dashboard: URL? = nil) {
        let incident = alert.incident
        let instance = alert.instance
        self.from = from
        self.to = to
        self.date = alert.raisedAt
        self.messageID = "<\(alert.alertID)@aiops.local>"
        let label = incident.summary.hasPrefix("ESCALATION:") ? "ESCALATION" : incident.severity.rawValue.uppercased()
        self.subject = "[aiops] \(label) \(instance.id) (\(instance.name)): \(incident.metric) anomaly"
        self.extraHeaders = [
            "X-AIOps-Incident-ID": incident.id, "X-AIOps-Instance-ID": instance.id, "X-AIOps-Alert-ID": alert.alertID,
        ]
        self.body = Self.body(alert, dashboard: dashboard)
    }

    static func body(_ alert: CriticalAlert, dashboard: URL?) -> String {
        let incident = alert.incident
        let anomaly = incident.anomaly
        var lines = [incident.summary, ""]
        let expected = anomaly.expected.map { " (expected \(fmt($0.lowerBound))–\(fmt($0.upperBound)))" } ?? ""
        lines += [
            "Instance:  \(alert.instance.id) (\(alert.instance.name))",
            "Metric:    \(incident.metric) = \(fmt(anomaly.value))\(expected), score \(fmt(anomaly.score))",
            "Opened:    \(ISO8601.string(from: incident.openedAt))",
            "Severity:  \(incident.severity.rawValue)",
            "Anomalies: \(incident.anomalyCount), peak score \(fmt(incident.peakScore))",
            "Incident:  \(incident.id)",
        ]
        if let dashboard {
            lines.append(
                "Dashboard: \(dashboard.appendingPathComponent("incidents").appendingPathComponent(incident.id))")
        }
        if !incident.findings.isEmpty {
            lines += ["", "Evidence from the instance's logs:"]
            for (index, finding) in incident.findings.prefix(5).enumerated() {
                lines.append(
                    "  \(finding.count) × [\(finding.level.rawValue)] \(finding.template) — \(finding.novelty.rawValue) "
                        + "since \(ISO8601.string(from: finding.firstSeen))")
                for example in finding.examples.prefix(2) { lines.append("      \(example)") }
                // The values the lead's variables took: often the real clue (which pool, which timeout).
                if index == 0 { lines += Self.valueLines(finding) }
                // One cause writes a cascade: its other lines are listed under it, not as peers.
                for consequence in finding.consequences.prefix(5) {
                    lines.append(
                        "    ↳ consequence: \(consequence.count) × [\(consequence.level.rawValue)] \(consequence.template)"
                    )
                }
                if finding.consequences.count > 5 {
                    lines.append("    ↳ and \(finding.consequences.count - 5) more consequence templates")
                }
            }
        }
        lines += ["", "-- ", "aiops: this alert was raised automatically; remediation is guarded and audited."]
        return lines.joined(separator: "\n")
    }

    /// `    values: <*>#1 = HikariPool-1 ×120; <*>#2 = 30000ms ×120; <*>#3: 36 distinct` — what the
    /// variables took; one with more than three values is only counted, as a list of it says little.
    static func valueLines(_ finding: Finding) -> [String] {
        let parts = finding.values.prefix(6).compactMap { variable -> String? in
            guard !variable.top.isEmpty else { return nil }
            let name = "<*>#\(variable.position + 1)"
            guard variable.distinct <= 3 else { return "\(name): \(variable.distinct) distinct" }
            return name + " = " + variable.top.map { "\($0.value) ×\($0.count)" }.joined(separator: ", ")
        }
        return parts.isEmpty ? [] : ["    values: " + parts.joined(separator: "; ")]
    }

    static func fmt(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e12 ? String(Int(value)) : String(format: "%.2f", value)
    }

    /// The message as RFC 5322 text with CRLF line ends.
    public func rendered() -> String {
        var header = [
            ("From", from), ("To", to.joined(separator: ", ")), ("Subject", Self.encodedWord(subject)),
            ("Date", Self.rfc5322Date(date)), ("Message-ID", messageID), ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=utf-8"), ("Content-Transfer-Encoding", "8bit"),
        ]
        header += extraHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let head = header.map { "\($0.0): \(Self.headerValue($0.1))" }
        let text = body.split(separator: "\n", omittingEmptySubsequences: false).map { Self.bodyLine(String($0)) }
        return (head + [""] + text).joined(separator: "\r\n") + "\r\n"
    }

    /// A header value on one line: every control character (CR and LF among them) becomes a space.
    static func headerValue(_ value: String) -> String {
        String(String.UnicodeScalarView(value.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }

    /// RFC 2047 `=?UTF-8?B?…?=` when the text is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        let clean = headerValue(text)
        guard !clean.unicodeScalars.allSatisfy(\.isASCII) else { return clean }
        return "=?UTF-8?B?\(Data(clean.utf8).base64EncodedString())?="
    }

    /// A body line without control characters (tabs kept), cut to fit 998 octets.
    static func bodyLine(_ line: String) -> String {
        var scalars = String.UnicodeScalarView()
        var octets = 0
        for scalar in line.unicodeScalars {
            let clean: Unicode.Scalar =
                (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F ? "\u{FFFD}" : scalar
            let size = String(clean).utf8.count
            guard octets + size <= 990 else {
                scalars.append(contentsOf: " […]".unicodeScalars)
                break
            }
            octets += size
            scalars.append(clean)
        }
        return String(scalars)
    }

    /// `Wed, 25 Nov 2026 14:02:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
