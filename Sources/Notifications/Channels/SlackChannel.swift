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
        if let link = notice.link {
            blocks.append(
                Block(
                    type: "actions",
                    elements: [
                        Text(
                            type: "button", text: Text(type: "plain_text", text: "Open incident"),
                            url: link.absoluteString, actionID: "open-incident")
                    ]))
        }
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

    /// A text object, or a button element (the same shape with `url` and `action_id`).
    final class Text: Encodable, Sendable {
        let type: String
        let text: String?
        let label: Text?
        let url: String?
        let actionID: String?

        init(type: String, text: String) {
            self.type = type
            self.text = text
            self.label = nil
            self.url = nil
            self.actionID = nil
        }

        init(type: String, text: Text, url: String, actionID: String) {
            self.type = type
            self.text = nil
            self.label = text
            self.url = url
            self.actionID = actionID
        }

        enum CodingKeys: String, CodingKey {
            case type, text, url
            case actionID = "action_id"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(type, forKey: .type)
            if let label { try c.encode(label, forKey: .text) } else { try c.encodeIfPresent(text, forKey: .text) }
            try c.encodeIfPresent(url, forKey: .url)
            try c.encodeIfPresent(actionID, forKey: .actionID)
        }
    }
}
