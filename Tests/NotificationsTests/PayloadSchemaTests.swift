import AIOpsCore
import Crypto
import Foundation
import Notifications
import TestSupport
import Testing

/// Each channel's payload, as a loopback receiver checks it against its provider's documented schema.
@Suite struct PayloadSchemaTests {
    /// Block Kit (api.slack.com/reference/block-kit/blocks): at most 50 blocks of known types; a
    /// header's plain_text ≤ 150; a section's text ≤ 3000 or ≤ 10 fields of ≤ 2000; buttons with
    /// plain_text ≤ 75 and a url ≤ 3000; a top-level `text` as the notification's fallback.
    static func slackProblem(_ body: [String: Any]) -> String? {
        guard let text = body["text"] as? String, !text.isEmpty else { return "no fallback text" }
        guard let blocks = body["blocks"] as? [[String: Any]], (1...50).contains(blocks.count) else {
            return "blocks: 1 to 50 required"
        }
        func textObject(_ any: Any?, limit: Int) -> String? {
            guard let object = any as? [String: Any], let type = object["type"] as? String,
                ["plain_text", "mrkdwn"].contains(type), let text = object["text"] as? String, !text.isEmpty
            else { return "bad text object" }
            return text.count <= limit ? nil : "text longer than \(limit)"
        }
        for block in blocks {
            switch block["type"] as? String {
            case "header":
                if let problem = textObject(block["text"], limit: 150) { return "header: \(problem)" }
                if (block["text"] as? [String: Any])?["type"] as? String != "plain_text" {
                    return "header: not plain_text"
                }
            case "section":
                if block["text"] == nil && block["fields"] == nil { return "section without text or fields" }
                if let text = block["text"], let problem = textObject(text, limit: 3000) {
                    return "section: \(problem)"
                }
                if let fields = block["fields"] as? [Any] {
                    if fields.count > 10 { return "more than 10 fields" }
                    for field in fields {
                        if let problem = textObject(field, limit: 2000) { return "field: \(problem)" }
                    }
                }
            case "context":
                guard let elements = block["elements"] as? [Any], (1...10).contains(elements.count) else {
                    return "context: 1 to 10 elements"
                }
                for element in elements {
                    if let problem = textObject(element, limit: 2000) { return "context: \(problem)" }
                }
            case "actions":
                guard let elements = block["elements"] as? [[String: Any]], (1...25).contains(elements.count) else {
                    return "actions: 1 to 25 elements"
                }
                for button in elements {
                    guard button["type"] as? String == "button" else { return "actions: not a button" }
                    if let problem = textObject(button["text"], limit: 75) { return "button: \(problem)" }
                    guard let actionID = button["action_id"] as? String, (1...255).contains(actionID.count) else {
                        return "button: action_id of 1 to 255 characters required"
                    }
                    if let style = button["style"], !["primary", "danger"].contains(style as? String ?? "") {
                        return "button: style is primary or danger"
                    }
                    if let url = button["url"] {
                        guard let url = url as? String, url.count <= 3000, URL(string: url) != nil else {
                            return "button: bad url"
                        }
                    } else {
                        // An interactive button: pressing it sends its value to the app's request URL.
                        guard let value = button["value"] as? String, (1...2000).contains(value.count) else {
                            return "button: a url, or a value of 1 to 2000 characters"
                        }
                    }
                }
            default: return "unknown block type \(block["type"] ?? "nil")"
            }
        }
        return nil
    }

    /// Teams Workflows: a `message` whose attachment is an Adaptive Card (adaptivecards.io schema:
    /// `type` AdaptiveCard, a `version`, body elements with a type, TextBlock text, FactSet facts).
    static func teamsProblem(_ body: [String: Any]) -> String? {
        guard body["type"] as? String == "message" else { return "type is not message" }
        guard value(body, "attachments.0.contentType") as? String == "application/vnd.microsoft.card.adaptive" else {
            return "attachments[0].contentType is not the Adaptive Card type"
        }
        guard let card = value(body, "attachments.0.content") as? [String: Any],
            card["type"] as? String == "AdaptiveCard",
            let version = card["version"] as? String, version.hasPrefix("1."),
            let elements = card["body"] as? [[String: Any]], !elements.isEmpty
        else { return "content is not an Adaptive Card with a version and a body" }
        for element in elements {
            switch element["type"] as? String {
            case "TextBlock": if (element["text"] as? String)?.isEmpty != false { return "TextBlock without text" }
            case "FactSet":
                guard let facts = element["facts"] as? [[String: Any]],
                    facts.allSatisfy({ $0["title"] is String && $0["value"] is String })
                else { return "FactSet facts need title and value" }
            default: return "unexpected element \(element["type"] ?? "nil")"
            }
        }
        for action in card["actions"] as? [[String: Any]] ?? [] {
            guard action["type"] as? String == "Action.OpenUrl", action["url"] is String else {
                return "action is not Action.OpenUrl with a url"
            }
        }
        return nil
    }

    /// PagerDuty Events API v2 (developer.pagerduty.com, "Send an Alert Event"): `routing_key` (32
    /// characters), `event_action` trigger|acknowledge|resolve, `dedup_key` ≤ 255 (required for
    /// acknowledge and resolve); on trigger `payload` with `summary` ≤ 1024, `source`, `severity`
    /// critical|error|warning|info.
    static func pagerDutyProblem(_ body: [String: Any]) -> String? {
        guard let key = body["routing_key"] as? String, key.count == 32 else { return "routing_key: 32 characters" }
        guard let action = body["event_action"] as? String, ["trigger", "acknowledge", "resolve"].contains(action)
        else {
            return "event_action"
        }
        guard let dedup = body["dedup_key"] as? String, (1...255).contains(dedup.count) else { return "dedup_key" }
        guard action == "trigger" else { return nil }
        guard let summary = value(body, "payload.summary") as? String, (1...1024).contains(summary.count) else {
            return "payload.summary"
        }
        guard (value(body, "payload.source") as? String)?.isEmpty == false else { return "payload.source" }
        guard let severity = value(body, "payload.severity") as? String,
            ["critical", "error", "warning", "info"].contains(severity)
        else { return "payload.severity" }
        return nil
    }

    static let routingKey = "R0123456789ABCDEF0123456789ABCDE"

    @Test func slackGetsBlockKit() async throws {
        let world = try ChannelWorld()
        let slack = try Receiver(status: 200) { _, body in Self.slackProblem(body) }
        let alert = try await world.alert()
        try await world.notifier(["AIOPS_SLACK_WEBHOOK_URL": slack.url]).notify(alert)
        #expect(slack.refusals == [])
        #expect(slack.requests.count == 1)
        let body = try #require(slack.bodies.first)
        let blocks = try #require(body["blocks"] as? [[String: Any]])
        let rendered = "\(blocks)"
        #expect(rendered.contains("critical"))
        #expect(rendered.contains(alert.instance.id))
        #expect(rendered.contains("http://127.0.0.1:8080/incidents/\(alert.incident.id)"))
        #expect(blocks.contains { $0["type"] as? String == "context" }, "the evidence's lead line")
        #expect(slack.requests[0].path == "/hook/T000/B000/XXXXsecretpath")
    }

    /// An action awaiting approval: Slack's message carries Approve / Reject buttons whose value
    /// is the approval's id; PagerDuty, which paged already, is not sent anything.
    @Test func slackAsksForApprovalWithButtons() async throws {
        let world = try ChannelWorld()
        let slack = try Receiver(status: 200) { _, body in Self.slackProblem(body) }
        let pagerDuty = try Receiver(status: 202) { _, _ in nil }
        let alert = try await world.alert()
        let approval = Approval(
            id: Approval.id(incidentID: alert.incident.id), incidentID: alert.incident.id, actionID: "act-1",
            instance: alert.instance, kind: .reboot, approverRole: "payments <on-call>", reason: "CPU",
            requestedAt: StoreFixtures.time(3), expiresAt: StoreFixtures.time(33))
        try await world.notifier([
            "AIOPS_SLACK_WEBHOOK_URL": slack.url, "AIOPS_PAGERDUTY_ROUTING_KEY": Self.routingKey,
            "AIOPS_PAGERDUTY_EVENTS_URL": pagerDuty.url,
        ]).approvalRequested(approval, alert: alert)
        #expect(slack.refusals == [])
        #expect(pagerDuty.requests.isEmpty)
        let blocks = try #require(slack.bodies.first?["blocks"] as? [[String: Any]])
        let buttons = blocks.filter { $0["type"] as? String == "actions" }
            .flatMap { $0["elements"] as? [[String: Any]] ?? [] }
        #expect(buttons.compactMap { $0["action_id"] as? String } == ["approve", "reject", "open-incident"])
        #expect(buttons.prefix(2).allSatisfy { $0["value"] as? String == approval.id })
        #expect("\(blocks)".contains("payments &lt;on-call&gt;"), "the role is escaped")
        #expect(try await world.audit(alert.incident.id).contains { $0.action == "notify-approval" })
    }

    @Test func slackRefusesWhatBreaksTheSchema() {
        #expect(
            Self.slackProblem(["text": "x", "blocks": [["type": "header", "text": ["type": "mrkdwn", "text": "x"]]]])
                != nil)
        #expect(Self.slackProblem(["blocks": []]) != nil)
    }

    @Test func teamsGetsAnAdaptiveCard() async throws {
        let world = try ChannelWorld()
        let teams = try Receiver { _, body in Self.teamsProblem(body) }
        let alert = try await world.alert()
        try await world.notifier(["AIOPS_TEAMS_WEBHOOK_URL": teams.url]).notify(alert)
        #expect(teams.refusals == [])
        #expect(teams.requests.count == 1)
        #expect(
            value(teams.bodies.first, "attachments.0.content.actions.0.url") as? String
                == "http://127.0.0.1:8080/incidents/\(alert.incident.id)")
        #expect(Self.teamsProblem(["type": "message", "attachments": []]) != nil)
    }

    @Test func pagerDutyGetsATriggerKeyedByTheIncident() async throws {
        let world = try ChannelWorld()
        let pagerDuty = try Receiver { _, body in Self.pagerDutyProblem(body) }
        let alert = try await world.alert()
        try await world.notifier([
            "AIOPS_PAGERDUTY_ROUTING_KEY": Self.routingKey,
            "AIOPS_PAGERDUTY_EVENTS_URL": pagerDuty.server.url.absoluteString + "/v2/enqueue",
        ]).notify(alert)
        #expect(pagerDuty.refusals == [])
        let body = try #require(pagerDuty.bodies.first)
        #expect(body["event_action"] as? String == "trigger")
        #expect(body["dedup_key"] as? String == alert.incident.id)
        #expect(value(body, "payload.source") as? String == alert.instance.id)
        #expect(value(body, "payload.severity") as? String == "critical")
        #expect(pagerDuty.requests.first?.path == "/v2/enqueue")
        #expect(
            Self.pagerDutyProblem(["routing_key": Self.routingKey, "event_action": "trigger", "dedup_key": "x"]) != nil)
    }

    @Test func webhookIsSignedAndVersioned() async throws {
        let world = try ChannelWorld()
        let secret = "whsec-\(UUID().uuidString)"
        let webhook = try Receiver { request, body in
            guard request.header("Content-Type") == "application/json" else { return "content type" }
            guard let stamp = request.header("X-AIOps-Timestamp"), let seconds = Double(stamp),
                abs(Date().timeIntervalSince1970 - seconds) < 300
            else { return "timestamp missing or stale" }
            // Verified as a receiver would, independently of the sender's code.
            var signed = Data("\(stamp).".utf8)
            signed.append(request.body)
            let expected = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
            let hex = expected.map { String(format: "%02x", $0) }.joined()
            guard request.header("X-AIOps-Signature") == "sha256=\(hex)" else { return "bad signature" }
            guard body["version"] as? Int == 1, body["type"] as? String == "incident.opened",
                value(body, "incident.id") is String, value(body, "incident.severity") is String,
                value(body, "incident.summary") is String, value(body, "instance.id") is String
            else { return "missing fields" }
            return nil
        }
        let alert = try await world.alert()
        try await world.notifier(["AIOPS_WEBHOOK_URL": webhook.url, "AIOPS_WEBHOOK_SECRET": secret]).notify(alert)
        #expect(webhook.refusals == [])
        #expect(webhook.requests.count == 1)
        #expect(value(webhook.bodies.first, "incident.id") as? String == alert.incident.id)
    }

    @Test func aTamperedBodyFailsTheSignature() throws {
        let body = Data(#"{"a":1}"#.utf8)
        let good = WebhookChannel.signature(body: body, timestamp: "1700000000", secret: "s")
        #expect(good.count == 64)
        #expect(WebhookChannel.signature(body: Data(#"{"a":2}"#.utf8), timestamp: "1700000000", secret: "s") != good)
        #expect(WebhookChannel.signature(body: body, timestamp: "1700000001", secret: "s") != good)
    }
}
