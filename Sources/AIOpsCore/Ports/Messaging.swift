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
}

extension Notifier {
    public func incidentChanged(_ incident: Incident, at: Date) async throws {}
}
