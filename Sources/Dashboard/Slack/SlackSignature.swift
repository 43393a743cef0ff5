import Crypto
import Foundation

/// Slack's request signing: `X-Slack-Signature` is `v0=` and the hex HMAC-SHA256 of
/// `v0:{X-Slack-Request-Timestamp}:{body}` keyed with the app's signing secret. A request older
/// than five minutes (either way) is refused, so a captured one cannot be replayed later.
struct SlackSignature: Sendable {
    /// Slack's own bound on a request's age.
    static let maxAge: TimeInterval = 5 * 60

    let signingSecret: String

    enum Refusal: Error, Equatable, CustomStringConvertible {
        case missing
        case malformedTimestamp
        case stale(seconds: Int)
        case mismatch

        var description: String {
            switch self {
            case .missing: "the request carries no X-Slack-Signature and X-Slack-Request-Timestamp"
            case .malformedTimestamp: "X-Slack-Request-Timestamp is not Unix seconds"
            case .stale(let seconds):
                "the request was signed \(seconds) s from now, more than 5 minutes: a replay is refused"
            case .mismatch: "the signature does not match the body and the signing secret"
            }
        }
    }

    /// The `v0=…` signature of `body` at `timestamp` (what Slack sends).
    func signature(timestamp: String, body: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("v0:\(timestamp):".utf8) + body, using: SymmetricKey(data: Data(signingSecret.utf8)))
        return "v0=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Checks a request's headers against its raw body at `now`; throws why it is refused.
    func verify(timestamp: String?, signature: String?, body: Data, now: Date) throws(Refusal) {
        guard let timestamp, let signature else { throw .missing }
        guard let seconds = Int(timestamp) else { throw .malformedTimestamp }
        let age = Int(now.timeIntervalSince1970) - seconds
        guard abs(age) <= Int(Self.maxAge) else { throw .stale(seconds: age) }
        guard signature.hasPrefix("v0="), let given = Self.bytes(hex: signature.dropFirst(3)),
            HMAC<SHA256>.isValidAuthenticationCode(
                given, authenticating: Data("v0:\(timestamp):".utf8) + body,
                using: SymmetricKey(data: Data(signingSecret.utf8)))
        else { throw .mismatch }
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        guard hex.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
