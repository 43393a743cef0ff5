public import AIOpsCore
public import Foundation
public import Logging
import Tracing

/// The embedded stand-in for the SNS topics: `publish` encodes the event once and hands the SAME
/// bytes to every subscriber of its topic, which decodes them as a Lambda would an SNS message.
///
/// Delivery is inline (the publisher waits until every subscriber is done), so a cycle ends with
/// its events fully handled. Like SNS with Lambda, a failing subscriber is retried and then set
/// aside as a dead letter; the publisher is not failed by a subscriber's error. Each publish is a
/// span (`publish <topic>`); the subscribers run inside it, so their spans are its children, as a
/// Lambda function's are of the span whose `traceparent` its SNS message carries.
public actor InProcessEventBus: EventPublisher {
    public typealias Handler = @Sendable (Data) async throws -> Void

    /// The two topics of the seed.
    public enum Topic: String, Sendable, CaseIterable {
        case anomalies = "aiops-anomalies"
        case criticalAlerts = "aiops-critical-alerts"
    }

    /// A message no attempt could deliver to one subscriber.
    public struct DeadLetter: Sendable {
        public var topic: Topic
        public var subscriber: String
        public var message: Data
        public var error: String
    }

    private var subscribers: [Topic: [(name: String, handler: Handler)]] = [:]
    /// The latest dead letters, at most `maxDeadLetters` (older ones are in the log): the bus
    /// keeps nothing it delivered, so that a process running for months does not grow.
    public private(set) var deadLetters: [DeadLetter] = []
    /// How many dead letters are kept for inspection.
    public static let maxDeadLetters = 100
    /// Every dead letter so far, including those no longer kept.
    public private(set) var deadLetterCount = 0
    let attempts: Int
    let logger: Logger
    let counters: CycleCounters?

    public init(attempts: Int = 3, logger: Logger, counters: CycleCounters? = nil) {
        self.attempts = max(1, attempts)
        self.logger = logger
        self.counters = counters
    }

    /// Adds a subscriber to `topic`; subscribers are called in the order they subscribed.
    public func subscribe(_ topic: Topic, name: String, _ handler: @escaping Handler) {
        subscribers[topic, default: []].append((name, handler))
    }

    public func publish(_ event: AnomalyEvent) async throws {
        let message = try EventCodec.encode(event)
        await withSpan("publish \(Topic.anomalies.rawValue)", ofKind: .producer) { span in
            span.attributes["aiops.event-id"] = event.eventID
            await deliver(message, on: .anomalies)
        }
    }

    public func publish(_ alert: CriticalAlert) async throws {
        let message = try EventCodec.encode(alert)
        await withSpan("publish \(Topic.criticalAlerts.rawValue)", ofKind: .producer) { span in
            span.attributes["aiops.event-id"] = alert.alertID
            await deliver(message, on: .criticalAlerts)
        }
    }

    /// Delivers raw bytes on `topic`, as a redelivery by SNS would.
    public func deliver(_ message: Data, on topic: Topic) async {
        for subscriber in subscribers[topic] ?? [] {
            var lastError: (any Error)?
            for attempt in 1...attempts {
                do {
                    try await subscriber.handler(message)
                    lastError = nil
                    break
                } catch {
                    lastError = error
                    logger.warning(
                        "delivery failed",
                        metadata: [
                            "aiops.topic": "\(topic.rawValue)", "aiops.subscriber": "\(subscriber.name)",
                            "aiops.attempt": "\(attempt)", "aiops.error": "\(error)",
                        ])
                }
            }
            if let lastError {
                deadLetters.append(
                    DeadLetter(
                        topic: topic, subscriber: subscriber.name, message: message,
                        error: String(describing: lastError)))
                deadLetterCount += 1
                if deadLetters.count > Self.maxDeadLetters { deadLetters.removeFirst() }
                counters?.record { $0.deliveryFailures += 1 }
                AIOpsMetrics.deadLetter(topic: topic.rawValue)
                logger.error(
                    "message set aside as a dead letter after \(attempts) attempts",
                    metadata: [
                        "aiops.topic": "\(topic.rawValue)", "aiops.subscriber": "\(subscriber.name)",
                        "aiops.error": "\(lastError)",
                    ])
            }
        }
    }
}
