public import Foundation

/// Updates the Slack message whose Approve or Reject button was pressed, through the interaction's
/// `response_url` (Slack's "replace_original"), so the buttons give way to the outcome for everyone
/// in the channel, not only the person who pressed.
///
/// Which URLs it posts to: the request carrying the URL is signed with the Slack app's signing
/// secret, and besides that only `https` URLs on `hooks.slack.com` (where Slack's response URLs
/// live) are used; with `allowsLoopback` (tests), `http` on a loopback address too. Anything else is
/// ignored and logged: a leaked signing secret must not turn the agent into a proxy to other hosts.
public struct SlackResponder: Sendable {
    /// Posts a JSON body to a URL; throws on a network failure or a status other than 2xx.
    public typealias Post = @Sendable (_ url: URL, _ body: Data) async throws -> Void

    let post: Post
    let allowsLoopback: Bool

    public init(allowsLoopback: Bool = false, post: @escaping Post) {
        self.post = post
        self.allowsLoopback = allowsLoopback
    }

    /// The host of Slack's response URLs.
    static let slackHost = "hooks.slack.com"

    /// `text` as a URL the agent may post to, or nil.
    func acceptedURL(_ text: String?) -> URL? {
        guard let text, text.count <= 2048, let components = URLComponents(string: text),
            let host = components.host?.lowercased(), components.user == nil, components.password == nil,
            let url = components.url
        else { return nil }
        switch components.scheme?.lowercased() {
        case "https": return host == Self.slackHost && (components.port ?? 443) == 443 ? url : nil
        case "http": return allowsLoopback && ["127.0.0.1", "localhost", "[::1]", "::1"].contains(host) ? url : nil
        default: return nil
        }
    }

    /// The body that replaces the original message: plain words, Slack's three control characters escaped.
    static func replacement(_ text: String) throws -> Data {
        struct Body: Encodable {
            var replaceOriginal = true
            var text: String
            enum CodingKeys: String, CodingKey {
                case replaceOriginal = "replace_original"
                case text
            }
        }
        let escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return try JSONEncoder().encode(Body(text: String(escaped.prefix(3000))))
    }
}
