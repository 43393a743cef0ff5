/// Carries events between stages: SNS topics on AWS, an in-process bus when embedded.
public protocol EventPublisher: Sendable {
    func publish(_ event: AnomalyEvent) async throws
    func publish(_ alert: CriticalAlert) async throws
}

/// Tells people about a critical incident: SNS email on AWS, console and outbox when embedded.
public protocol Notifier: Sendable {
    func notify(_ alert: CriticalAlert) async throws
}
