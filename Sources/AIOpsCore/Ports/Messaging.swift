public import Foundation

/// Carries events between stages: SNS topics on AWS, an in-process bus when embedded.
public protocol EventPublisher: Sendable {
    func publish(_ event: AnomalyEvent) async throws
    func publish(_ alert: CriticalAlert) async throws
}

/// Tells people about a critical incident: SNS email on AWS, console and outbox when embedded.
public protocol Notifier: Sendable {
    func notify(_ alert: CriticalAlert) async throws
    /// Tells the people already alerted that an incident changed status (acknowledged, resolved),
    /// so a page can follow it (PagerDuty's acknowledge and resolve). By default, nothing: an
    /// email needs no follow-up.
    func incidentChanged(_ incident: Incident, at: Date) async throws
    /// Asks the people of `alert`'s incident to approve or reject `approval`'s action (Slack
    /// carries Approve / Reject buttons). By default, an alert of its own saying so.
    func approvalRequested(_ approval: Approval, alert: CriticalAlert) async throws
}

extension Notifier {
    public func incidentChanged(_ incident: Incident, at: Date) async throws {}

    public func approvalRequested(_ approval: Approval, alert: CriticalAlert) async throws {
        try await notify(approval.request(alert))
    }
}

extension Approval {
    /// The alert asking a person for this approval (a deterministic id: a replay repeats it).
    public func request(_ alert: CriticalAlert) -> CriticalAlert {
        var incident = alert.incident
        incident.summary =
            "APPROVAL NEEDED (\(approverRole), until \(ISO8601.string(from: expiresAt))): \(kind.rawValue) of "
            + "\(instance.id). Approve or reject on the dashboard, with POST /api/v1/approvals/\(id)/approve "
            + "(or /reject), or in Slack. Incident: \(alert.incident.summary)"
        return CriticalAlert(
            alertID: StableID.make("alert", incidentID, "approval"), incident: incident, instance: alert.instance,
            raisedAt: requestedAt)
    }
}
