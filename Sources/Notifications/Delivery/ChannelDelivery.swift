public import AIOpsCore
public import AWSClient
import Foundation
public import Logging

/// Sends one notice to one channel: at most once per (incident, channel, event), retried with
/// backoff, every attempt audited, and dead-lettered in the audit trail after the last one.
///
/// "At most once" holds across processes and re-delivered messages because the record is a lease
/// in the store, taken by a conditional write before sending: whoever takes it sends; everyone
/// else sees it held and stays quiet. Delivered, the lease is extended for `keepFor`.
public struct ChannelDelivery: Sendable {
    /// What became of one notice on one channel.
    public enum Outcome: Sendable, Hashable {
        case delivered(attempts: Int)
        /// Sent before, or being sent by someone else: nothing done.
        case duplicate
        /// The channel has nothing to say about this notice.
        case notApplicable
        /// Every attempt failed; the audit trail holds each reason and the dead letter.
        case deadLettered(attempts: Int, reason: String)
    }

    let transport: any HTTPTransport
    let store: any IncidentStore
    let clock: any AgentClock
    let policy: DeliveryPolicy
    let logger: Logger

    public init(
        transport: any HTTPTransport, store: any IncidentStore, clock: any AgentClock,
        policy: DeliveryPolicy = DeliveryPolicy(), logger: Logger
    ) {
        self.transport = transport
        self.store = store
        self.clock = clock
        self.policy = policy
        self.logger = logger
    }

    /// The same delivery, its records kept in `store`.
    func recording(in store: any IncidentStore) -> ChannelDelivery {
        ChannelDelivery(transport: transport, store: store, clock: clock, policy: policy, logger: logger)
    }

    /// The store key of the once-per-channel record.
    static func key(_ incidentID: String, channel: String, kind: IncidentNotice.Kind) -> String {
        "notify#\(incidentID)#\(channel)#\(kind.word)"
    }

    public func deliver(_ notice: IncidentNotice, via channel: any NotificationChannel) async throws -> Outcome {
        guard let request = try channel.request(for: notice) else { return .notApplicable }
        let key = Self.key(notice.incident.id, channel: channel.name, kind: notice.kind)
        let holder = UUID().uuidString
        let claimedAt = clock.now()
        let grant = try await store.acquireLease(
            key, holder: holder, until: claimedAt.addingTimeInterval(policy.claimFor), now: claimedAt)
        if case .held = grant { return .duplicate }

        var logger = self.logger
        logger[metadataKey: "aiops.incident-id"] = "\(notice.incident.id)"
        logger[metadataKey: "aiops.channel"] = "\(channel.name)"
        logger[metadataKey: "aiops.notice"] = "\(notice.kind.word)"
        var attempt = 0
        while true {
            attempt += 1
            let failure: (reason: String, retryable: Bool, retryAfter: Duration?)
            do {
                let response = try await transport.send(request, timeout: policy.timeout)
                if (200..<300).contains(response.status) {
                    try await record(
                        notice, channel, attempt: attempt, outcome: "delivered", reason: "HTTP \(response.status)")
                    try await keep(key, holder: holder)
                    logger.info("notification delivered", metadata: ["aiops.attempts": "\(attempt)"])
                    return .delivered(attempts: attempt)
                }
                failure = (
                    Self.describe(response, from: request.url, channel: channel),
                    response.status == 429 || response.status == 408
                        || ((500...599).contains(response.status) && response.status != 501),
                    RetryPolicy.parseRetryAfter(response.header("Retry-After"), now: Date())
                )
            } catch let error as CancellationError {
                throw error
            } catch {
                // The transport's errors name the scheme, host and port, never the path or a key.
                failure = ("\(error)", true, nil)
            }
            try await record(notice, channel, attempt: attempt, outcome: "failed", reason: failure.reason)
            logger.warning(
                "notification attempt failed",
                metadata: ["aiops.attempt": "\(attempt)", "aiops.reason": "\(failure.reason)"])
            guard failure.retryable, attempt < policy.retry.maxAttempts else {
                let reason = "gave up after \(attempt) attempt\(attempt == 1 ? "" : "s"): \(failure.reason)"
                try await record(notice, channel, attempt: attempt, outcome: "dead-lettered", reason: reason)
                try await keep(key, holder: holder)
                logger.error("notification dead-lettered", metadata: ["aiops.reason": "\(reason)"])
                return .deadLettered(attempts: attempt, reason: reason)
            }
            try await policy.retry.sleep(policy.retry.delay(afterAttempt: attempt, retryAfter: failure.retryAfter))
        }
    }

    /// True when `channel` was told the incident opened (delivered, dead-lettered, or being sent):
    /// status changes follow the page to where it went. Asks without taking anything: a lease
    /// requested until `now` is over as soon as it is granted.
    public func wasTold(incidentID: String, channel: String) async throws -> Bool {
        let now = clock.now()
        let grant = try await store.acquireLease(
            Self.key(incidentID, channel: channel, kind: .opened), holder: "probe-\(UUID().uuidString)", until: now,
            now: now)
        if case .held = grant { return true }
        return false
    }

    private func keep(_ key: String, holder: String) async throws {
        let now = clock.now()
        _ = try await store.acquireLease(key, holder: holder, until: now.addingTimeInterval(policy.keepFor), now: now)
    }

    /// One audit record per attempt and outcome: `notify:<channel>` did `notify-<event>`.
    private func record(
        _ notice: IncidentNotice, _ channel: any NotificationChannel, attempt: Int, outcome: String, reason: String
    ) async throws {
        let key = Self.key(notice.incident.id, channel: channel.name, kind: notice.kind)
        AIOpsMetrics.notification(channel: String(channel.name.prefix { $0 != ":" }), outcome: outcome)
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", key, outcome, "\(attempt)", notice.alertID ?? ""), at: clock.now(),
                actor: "notify:\(channel.name)", action: "notify-\(notice.kind.word)",
                instanceID: notice.instance.id, incidentID: notice.incident.id, outcome: outcome,
                reason: "attempt \(attempt): \(reason)"))
    }

    /// `HTTP 500 from https://hooks.slack.com: <start of the body>`: the host only (a webhook's
    /// path is its secret), and the body without the channel's secrets.
    static func describe(_ response: HTTPResponse, from url: URL, channel: any NotificationChannel) -> String {
        let place = "\(url.scheme ?? "?")://\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
        var text = String(decoding: response.body.prefix(300), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ")
        for secret in channel.secrets where secret.count >= 8 {
            text = text.replacingOccurrences(of: secret, with: "***")
        }
        return "HTTP \(response.status) from \(place)" + (text.isEmpty ? "" : ": \(text)")
    }
}
