import AIOpsCore
public import AWSClient
public import Foundation

/// Slack through an incoming webhook, as Block Kit: a header, severity and instance fields, the
/// summary, the evidence's lead line and a button to the incident when a dashboard is configured.
///
/// Limits from Slack's Block Kit reference: header text 150 characters, a section's text 3000,
/// a field 2000, a context element 2000; the top-level `text` is the notification's fallback.
public struct SlackChannel: NotificationChannel {
    public let name: String
    let webhook: URL

    public init(name: String = "slack", webhook: URL) {
        self.name = name
        self.webhook = webhook
    }

    public var secrets: [String] { [webhook.path] }

    public func request(for notice: IncidentNotice) throws -> HTTPRequest? {
        ChannelJSON.post(webhook, body: try ChannelJSON.encode(Self.message(notice)))
    }

    static func message(_ notice: IncidentNotice) -> Message {
        let incident = notice.incident
        var blocks: [Block] = [
            Block(type: "header", text: Text(type: "plain_text", text: notice.title)),
            Block(
                type: "section",
                fields: [
                    Text(type: "mrkdwn", text: "*Severity*\n\(incident.severity.rawValue)"),
                    Text(
                        type: "mrkdwn",
                        text: "*Instance*\n\(escape(IncidentNotice.bounded(notice.instance.name, 200))) "
                            + "(`\(escape(notice.instance.id))`)"),
                    Text(type: "mrkdwn", text: "*Status*\n\(incident.status.rawValue)"),
                    Text(type: "mrkdwn", text: "*Incident*\n`\(escape(incident.id))`"),
                ]),
            Block(
                type: "section",
                text: Text(type: "mrkdwn", text: escape(IncidentNotice.bounded(incident.summary, 2900)))),
        ]
        if let lead = notice.leadLine {
            blocks.append(
                Block(type: "context", elements: [Text(type: "mrkdwn", text: "Evidence: `\(escape(lead))`")]))
        }
        var buttons: [Text] = []
        if let approval = notice.approval, approval.state == .pending {
            // Pressed, Slack posts a signed request to the agent's /api/v1/slack/interactions.
            blocks.append(
                Block(
                    type: "context",
                    elements: [
                        Text(
                            type: "mrkdwn",
                            text: "*\(escape(approval.kind.rawValue))* of `\(escape(approval.instance.id))` awaits "
                                + "approval by *\(escape(approval.approverRole))* until "
                                + "\(ISO8601.string(from: approval.expiresAt))")
                    ]))
            buttons += [
                Text(
                    type: "button", text: Text(type: "plain_text", text: "Approve"), value: approval.id,
                    actionID: "approve", style: "primary"),
                Text(
                    type: "button", text: Text(type: "plain_text", text: "Reject"), value: approval.id,
                    actionID: "reject", style: "danger"),
            ]
        }
        if let link = notice.link {
            buttons.append(
                Text(
                    type: "button", text: Text(type: "plain_text", text: "Open incident"), url: link.absoluteString,
                    actionID: "open-incident"))
        }
        if !buttons.isEmpty { blocks.append(Block(type: "actions", elements: buttons)) }
        return Message(
            text: IncidentNotice.bounded("\(notice.title): \(incident.summary)", 3000), blocks: blocks)
    }

    /// Slack's three control characters in mrkdwn (`&`, `<`, `>`): log lines are attacker text and
    /// must not become links or mentions.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    struct Message: Encodable {
        var text: String
        var blocks: [Block]
    }

    struct Block: Encodable {
        var type: String
        var text: Text?
        var fields: [Text]?
        var elements: [Text]?
    }

    /// A text object, or a button element (the same shape with `url` or `value`, `action_id` and
    /// an optional `style`).
    final class Text: Encodable, Sendable {
        let type: String
        let text: String?
        let label: Text?
        let url: String?
        let value: String?
        let actionID: String?
        let style: String?

        init(type: String, text: String) {
            self.type = type
            self.text = text
            self.label = nil
            self.url = nil
            self.value = nil
            self.actionID = nil
            self.style = nil
        }

        init(type: String, text: Text, url: String? = nil, value: String? = nil, actionID: String, style: String? = nil)
        {
            self.type = type
            self.text = nil
            self.label = text
            self.url = url
            self.value = value
            self.actionID = actionID
            self.style = style
        }

        enum CodingKeys: String, CodingKey {
            case type, text, url, value, style
            case actionID = "action_id"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            if let label { try c.encode(label, forKey: .text) } else { try c.encodeIfPresent(text, forKey: .text) }
            try c.encodeIfPresent(url, forKey: .url)
            try c.encodeIfPresent(value, forKey: .value)
            try c.encodeIfPresent(actionID, forKey: .actionID)
            try c.encodeIfPresent(style, forKey: .style)
        }
    }
}

extension SlackChannel {
    /// Posts a JSON body to one of Slack's `response_url`s through `transport`: how the dashboard
    /// updates an approval's message after its button was answered (`SlackResponder`). Throws on a
    /// failure or a status other than 2xx; the error names the host only, never the URL's token.
    public static func responsePoster(
        transport: any HTTPTransport = AsyncHTTPClientTransport(), timeout: Duration = .seconds(3)
    ) -> @Sendable (URL, Data) async throws -> Void {
        { url, body in
            let response = try await transport.send(
                HTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/json")], body: body),
                timeout: timeout)
            guard (200..<300).contains(response.status) else {
                throw AIOpsError(
                    .unavailable, "Slack's response URL on \(url.host ?? "?") answered HTTP \(response.status)")
            }
        }
    }
}
