public import AIOpsCore
public import Foundation

/// The embedded `Notifier`: prints one console line per alert and writes the email that would be
/// sent to the outbox folder, one `.eml` file per alert, named by time and alert id (so the same
/// alert delivered twice leaves one file).
public struct OutboxNotifier: Notifier {
    public let directory: URL
    public var from: String
    public var to: [String]
    public var dashboard: URL?
    let console: @Sendable (String) -> Void

    /// - Parameter console: receives the one-line notice (the CLI prints it).
    public init(
        directory: URL, from: String = "aiops <aiops@localhost>", to: [String] = ["oncall@example.com"],
        dashboard: URL? = nil, console: @escaping @Sendable (String) -> Void
    ) {
        self.directory = directory
        self.from = from
        self.to = to
        self.dashboard = dashboard
        self.console = console
    }

    public func notify(_ alert: CriticalAlert) async throws {
        let email = AlertEmail(alert: alert, from: from, to: to, dashboard: dashboard)
        let file = directory.appendingPathComponent(Self.fileName(alert))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(email.rendered().utf8).write(to: file, options: .atomic)
        } catch {
            AIOpsMetrics.notification(channel: "email", outcome: "failed")
            throw AIOpsError(
                .unavailable, "cannot write the alert email to \(file.path): \(error.localizedDescription)",
                underlying: error)
        }
        AIOpsMetrics.notification(channel: "email", outcome: "delivered")
        let incident = alert.incident
        console(
            "ALERT \(AlertEmail.headerValue(email.subject)) — \(AlertEmail.headerValue(incident.summary)) "
                + "[email: \(file.path)]")
    }

    /// `20261125T140500Z-alert-….eml`: sorts by time.
    static func fileName(_ alert: CriticalAlert) -> String {
        let stamp = ISO8601.string(from: alert.raisedAt).replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: ":", with: "")
        let safeID = String(
            alert.alertID.unicodeScalars.map {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" ? Character($0) : "_"
            })
        return "\(stamp)-\(safeID).eml"
    }
}
