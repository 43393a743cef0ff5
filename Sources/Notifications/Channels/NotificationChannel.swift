public import AWSClient
import Foundation

/// One place people are told: a Slack or Teams webhook, a PagerDuty service, a signed webhook.
///
/// A channel only renders: it turns a notice into the HTTP request its provider documents, and
/// does no I/O, so tests check payloads without sockets. `ChannelDelivery` sends, retries,
/// audits and dead-letters. Buttons for approvals can come later as fields of the notice that
/// the channels which support them render.
public protocol NotificationChannel: Sendable {
    /// Unique among the configured channels (`slack`, `pagerduty`, `slack:payments`): it keys the
    /// once-per-channel record and names the channel in the audit trail. Never a secret.
    var name: String { get }
    /// The request that tells the provider about `notice`; nil when this channel has nothing to
    /// say about it (Slack is not told of an acknowledgement it never saw opened, say).
    func request(for notice: IncidentNotice) throws -> HTTPRequest?
    /// The values no error message or log may show (a webhook's path, a routing key).
    var secrets: [String] { get }
}

/// JSON for channel payloads: sorted keys (stable bytes, which the webhook signs), no escaped slashes.
enum ChannelJSON {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(value)
    }

    static func post(_ url: URL, body: Data, headers: [(name: String, value: String)] = []) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: url, headers: [("Content-Type", "application/json")] + headers, body: body)
    }
}
