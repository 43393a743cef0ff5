public import AIOpsCore
public import AWSClient
import Foundation

/// Carries the pipeline's events over SNS: anomalies to one topic, critical alerts to another.
/// The message is the event's versioned JSON; attributes let subscriptions filter without
/// parsing it.
public struct SNSEventPublisher: EventPublisher {
    private let sns: any SNSAPI
    private let anomalyTopicARN: String
    private let criticalTopicARN: String

    public init(sns: any SNSAPI, anomalyTopicARN: String, criticalTopicARN: String) {
        self.sns = sns
        self.anomalyTopicARN = anomalyTopicARN
        self.criticalTopicARN = criticalTopicARN
    }

    public func publish(_ event: AnomalyEvent) async throws {
        _ = try await sns.publish(
            topicARN: anomalyTopicARN, message: try Self.json(event),
            subject: Self.subject("Anomaly: \(event.anomaly.metric) on \(event.instance.name)"),
            attributes: [
                "type": .string(AnomalyEvent.type), "version": .string("\(event.version)"),
                "instance_id": .string(event.instance.id), "event_id": .string(event.eventID),
            ])
    }

    public func publish(_ alert: CriticalAlert) async throws {
        try await Self.publish(alert, to: criticalTopicARN, sns: sns)
    }

    /// Publishes a critical alert to `topicARN` (shared with `SNSNotifier`).
    static func publish(_ alert: CriticalAlert, to topicARN: String, sns: any SNSAPI) async throws {
        _ = try await sns.publish(
            topicARN: topicARN, message: try json(alert),
            subject: subject("CRITICAL: \(alert.incident.summary)"),
            attributes: [
                "type": .string(CriticalAlert.type), "version": .string("\(alert.version)"),
                "instance_id": .string(alert.instance.id), "severity": .string(alert.incident.severity.rawValue),
                "event_id": .string(alert.alertID),
            ])
    }

    static func json(_ event: some Encodable) throws -> String {
        String(decoding: try EventCodec.encode(event), as: UTF8.self)
    }

    /// SNS subjects are one line of at most 100 characters.
    static func subject(_ text: String) -> String {
        let line = text.map { $0.isNewline ? " " : $0 }
        return String(String(line).prefix(100))
    }
}
