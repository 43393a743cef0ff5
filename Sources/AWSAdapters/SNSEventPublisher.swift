public import AIOpsCore
public import AWSClient
import Foundation
import Tracing

/// Carries the pipeline's events over SNS: anomalies to one topic, critical alerts to another.
/// The message is the event's versioned JSON; attributes let subscriptions filter without
/// parsing it. Each publish is a span (`publish <topic>`) whose W3C trace context (`traceparent`,
/// `tracestate`) travels in the message attributes, so the next function continues the trace.
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
        try await Self.traced(to: anomalyTopicARN, eventID: event.eventID) { traceContext in
            _ = try await sns.publish(
                topicARN: anomalyTopicARN, message: try Self.json(event.bounded()),
                subject: Self.subject("Anomaly: \(event.anomaly.metric) on \(event.instance.name)"),
                attributes: [
                    "type": .string(AnomalyEvent.type), "version": .string("\(event.version)"),
                    "instance_id": .string(event.instance.id), "event_id": .string(event.eventID),
                ].merging(traceContext) { $1 })
        }
    }

    public func publish(_ alert: CriticalAlert) async throws {
        try await Self.publish(alert, to: criticalTopicARN, sns: sns)
    }

    /// Publishes a critical alert to `topicARN` (shared with `SNSNotifier`).
    static func publish(_ alert: CriticalAlert, to topicARN: String, sns: any SNSAPI) async throws {
        try await traced(to: topicARN, eventID: alert.alertID) { traceContext in
            _ = try await sns.publish(
                topicARN: topicARN, message: try json(alert.bounded()),
                subject: subject("CRITICAL: \(alert.incident.summary)"),
                attributes: [
                    "type": .string(CriticalAlert.type), "version": .string("\(alert.version)"),
                    "instance_id": .string(alert.instance.id), "severity": .string(alert.incident.severity.rawValue),
                    "event_id": .string(alert.alertID),
                ].merging(traceContext) { $1 })
        }
    }

    /// Runs `publish` in a producer span and hands it the span's trace context as message
    /// attributes (none when tracing is off: the no-op tracer injects nothing).
    static func traced(
        to topicARN: String, eventID: String,
        _ publish: ([String: SNSMessageAttribute]) async throws -> Void
    ) async throws {
        let topic = topicARN.split(separator: ":").last.map(String.init) ?? topicARN
        try await withSpan("publish \(topic)", ofKind: .producer) { span in
            span.attributes["messaging.system"] = "aws_sns"
            span.attributes["messaging.destination.name"] = topic
            span.attributes["aiops.event-id"] = eventID
            var traceContext: [String: SNSMessageAttribute] = [:]
            InstrumentationSystem.tracer.inject(
                ServiceContext.current ?? .topLevel, into: &traceContext, using: SNSAttributeInjector())
            try await publish(traceContext)
        }
    }

    /// SNS's limit on one message, its attributes included; a message may use all but the last
    /// 8 KiB, which leaves room for the subject and attributes.
    static let maxMessageBytes = 256 * 1_024 - 8 * 1_024

    /// The event's JSON, or a clear error when it is too big for SNS (the payload budget should
    /// have bounded it): an oversized message is never handed to SNS to fail there unexplained.
    static func json(_ event: some Encodable) throws -> String {
        let data = try EventCodec.encode(event)
        guard data.count <= maxMessageBytes else {
            throw AIOpsError(
                .invalidInput,
                "the \(type(of: event)) message is \(data.count) bytes, over SNS's limit of \(maxMessageBytes) "
                    + "for a message: not published (see docs/pipeline.md, \"Bounded payloads\")")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// SNS subjects are one line of at most 100 characters.
    static func subject(_ text: String) -> String {
        let line = text.map { $0.isNewline ? " " : $0 }
        return String(String(line).prefix(100))
    }
}
