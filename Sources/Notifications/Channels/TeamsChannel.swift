public import AWSClient
public import Foundation

/// Microsoft Teams through a Workflows webhook ("When a Teams webhook request is received"): a
/// message whose one attachment is an Adaptive Card (schema 1.4, which Teams renders).
///
/// Adaptive Card text is Markdown-like: the log line goes in as plain text of its own block.
public struct TeamsChannel: NotificationChannel {
    public let name: String
    let webhook: URL

    public init(name: String = "teams", webhook: URL) {
        self.name = name
        self.webhook = webhook
    }

    public var secrets: [String] { [webhook.path, webhook.query ?? ""] }

    public func request(for notice: IncidentNotice) throws -> HTTPRequest? {
        ChannelJSON.post(webhook, body: try ChannelJSON.encode(Self.message(notice)))
    }

    static let contentType = "application/vnd.microsoft.card.adaptive"

    static func message(_ notice: IncidentNotice) -> Message {
        let incident = notice.incident
        var body: [Element] = [
            Element(type: "TextBlock", text: notice.title, weight: "Bolder", size: "Medium", wrap: true),
            Element(
                type: "FactSet",
                facts: [
                    Fact(title: "Severity", value: incident.severity.rawValue),
                    Fact(title: "Instance", value: "\(notice.instance.name) (\(notice.instance.id))"),
                    Fact(title: "Status", value: incident.status.rawValue),
                    Fact(title: "Incident", value: incident.id),
                ]),
            Element(type: "TextBlock", text: IncidentNotice.bounded(incident.summary, 2000), wrap: true),
        ]
        if let lead = notice.leadLine {
            body.append(
                Element(type: "TextBlock", text: "Evidence: \(lead)", wrap: true, fontType: "Monospace"))
        }
        let actions = notice.link.map {
            [Action(type: "Action.OpenUrl", title: "Open incident", url: $0.absoluteString)]
        }
        return Message(
            attachments: [
                Attachment(
                    contentType: contentType,
                    content: Card(body: body, actions: actions))
            ])
    }

    struct Message: Encodable {
        var type = "message"
        var attachments: [Attachment]
    }

    struct Attachment: Encodable {
        var contentType: String
        var contentUrl: String? = nil
        var content: Card
    }

    struct Card: Encodable {
        var schema = "http://adaptivecards.io/schemas/adaptive-card.json"
        var type = "AdaptiveCard"
        var version = "1.4"
        var body: [Element]
        var actions: [Action]?

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case type, version, body, actions
        }
    }

    struct Element: Encodable {
        var type: String
        var text: String? = nil
        var weight: String? = nil
        var size: String? = nil
        var wrap: Bool? = nil
        var fontType: String? = nil
        var facts: [Fact]? = nil
    }

    struct Fact: Encodable {
        var title: String
        var value: String
    }

    struct Action: Encodable {
        var type: String
        var title: String
        var url: String
    }
}
