import AIOpsCore
public import AWSClient
import Crypto
public import Foundation

/// A generic webhook: versioned JSON, signed so the receiver can tell it came from us and is fresh.
///
/// Headers: `X-AIOps-Timestamp` (Unix seconds, wall clock at sending) and `X-AIOps-Signature:
/// sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" keyed with the secret>`. A receiver recomputes
/// the HMAC over the bytes it got, compares in constant time and refuses timestamps more than
/// five minutes old (the window Slack and Stripe use against replay).
public struct WebhookChannel: NotificationChannel {
    /// The body's `version`: bumped when a field changes meaning or goes; new fields do not bump it.
    public static let version = 1

    public let name: String
    let url: URL
    let secret: String?
    let now: @Sendable () -> Date

    /// - Parameter secret: the HMAC key; without one the request goes unsigned (the docs say why not to).
    public init(
        name: String = "webhook", url: URL, secret: String?, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.name = name
        self.url = url
        self.secret = secret.flatMap { $0.isEmpty ? nil : $0 }
        self.now = now
    }

    public var secrets: [String] { [url.path, secret ?? ""] }

    public func request(for notice: IncidentNotice) throws -> HTTPRequest? {
        let body = try ChannelJSON.encode(Self.body(notice))
        let timestamp = String(Int(now().timeIntervalSince1970))
        var headers = [(name: "X-AIOps-Timestamp", value: timestamp)]
        if let secret {
            headers.append(
                ("X-AIOps-Signature", "sha256=" + Self.signature(body: body, timestamp: timestamp, secret: secret)))
        }
        return ChannelJSON.post(url, body: body, headers: headers)
    }

    /// Hex HMAC-SHA256 of `"<timestamp>.<body>"`.
    public static func signature(body: Data, timestamp: String, secret: String) -> String {
        var signed = Data("\(timestamp).".utf8)
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    static func body(_ notice: IncidentNotice) -> Body {
        let incident = notice.incident
        return Body(
            version: version, type: notice.kind.rawValue,
            id: "\(incident.id):\(notice.kind.word)", occurredAt: ISO8601String(notice.at),
            incident: Body.IncidentPart(
                id: incident.id, severity: incident.severity.rawValue, status: incident.status.rawValue,
                summary: IncidentNotice.bounded(incident.summary, 4000), metric: incident.metric.rawValue,
                openedAt: ISO8601String(incident.openedAt), resolvedAt: incident.resolvedAt.map(ISO8601String),
                url: notice.link?.absoluteString),
            instance: Body.InstancePart(id: notice.instance.id, name: notice.instance.name, tags: notice.instance.tags),
            evidence: notice.leadLine, alertID: notice.alertID)
    }

    private static func ISO8601String(_ date: Date) -> String { AIOpsCore.ISO8601.string(from: date) }

    struct Body: Encodable {
        struct IncidentPart: Encodable {
            var id: String
            var severity: String
            var status: String
            var summary: String
            var metric: String
            var openedAt: String
            var resolvedAt: String?
            var url: String?
        }
        struct InstancePart: Encodable {
            var id: String
            var name: String
            var tags: [String: String]
        }
        var version: Int
        var type: String
        /// The delivery's id: the same for every retry of one event, so receivers can drop repeats.
        var id: String
        var occurredAt: String
        var incident: IncidentPart
        var instance: InstancePart
        var evidence: String?
        var alertID: String?
    }
}
