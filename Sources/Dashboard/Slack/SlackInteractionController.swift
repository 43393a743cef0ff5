import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// `POST /api/v1/slack/interactions`: Slack's request when someone presses Approve or Reject on
/// an incident's message. Authenticated by Slack's signature (`SlackSignature`), not the bearer
/// token; the answer goes through the same `ApprovalDesk` as the API's, named `slack:<user>`.
struct SlackInteractionController: Sendable {
    let verifier: SlackSignature
    let desk: (any ApprovalDesk)?
    /// The Slack user ids allowed to answer (`AIOPS_SLACK_APPROVERS`); nil: anyone Slack signs for.
    let approvers: Set<String>?
    /// Updates the original message through its `response_url`; nil: only the HTTP reply.
    let responder: SlackResponder?
    let clock: any AgentClock

    static let timestampField = HTTPField.Name("X-Slack-Request-Timestamp")!
    static let signatureField = HTTPField.Name("X-Slack-Signature")!

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.post("interactions", use: interact)
    }

    @Sendable func interact(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        var request = request
        let body = Data(try await request.collectBody(upTo: context.maxUploadSize).readableBytesView)
        do {
            try verifier.verify(
                timestamp: request.headers[Self.timestampField], signature: request.headers[Self.signatureField],
                body: body, now: clock.now())
        } catch {
            context.logger.warning("Slack interaction refused", metadata: ["aiops.reason": "\(error)"])
            throw APIError(.unauthorized, code: "unauthorized", "not a request signed by Slack: \(error)")
        }
        let interaction = try SlackInteraction(form: body)
        if let approvers, !approvers.contains(interaction.userID ?? "") {
            context.logger.warning(
                "Slack answer refused: not an approver",
                metadata: [
                    "aiops.approval-id": "\(interaction.approvalID)", "aiops.slack-user": "\(interaction.userID ?? "")",
                ])
            return Self.reply(
                "Only this agent's approvers (AIOPS_SLACK_APPROVERS) may answer from Slack, and your Slack user "
                    + "\(interaction.userID ?? "(no id)") is not one of them: nothing done.")
        }
        guard let desk else {
            return Self.reply("This agent's API does not run remediation; answer on the agent's dashboard.")
        }
        guard
            let answer = try await desk.answer(
                approvalID: interaction.approvalID, interaction.verdict, by: interaction.user, via: "slack")
        else { return Self.reply("No approval \(interaction.approvalID) here.") }
        context.logger.info(
            "approval answered from Slack",
            metadata: [
                "aiops.approval-id": "\(interaction.approvalID)", "aiops.outcome": "\(answer.outcome.rawValue)",
            ])
        await update(interaction, with: answer, logger: context.logger)
        return Self.reply(answer.message)
    }

    /// Replaces the original message with the outcome (its buttons go). A failure is logged: the
    /// answer stands, and the person who pressed sees it in the reply.
    func update(_ interaction: SlackInteraction, with answer: ApprovalAnswer, logger: Logger) async {
        guard let responder, interaction.responseURL != nil else { return }
        guard let url = responder.acceptedURL(interaction.responseURL) else {
            logger.warning(
                "Slack response_url ignored: not https on hooks.slack.com",
                metadata: ["aiops.approval-id": "\(interaction.approvalID)"])
            return
        }
        let pressed = interaction.verdict == .approve ? "Approve" : "Reject"
        do {
            try await responder.post(
                url, SlackResponder.replacement("\(pressed) pressed by \(interaction.user): \(answer.message)"))
        } catch {
            // The URL carries a token of Slack's: only its host is named.
            logger.warning(
                "could not update the Slack message",
                metadata: [
                    "aiops.approval-id": "\(interaction.approvalID)", "aiops.host": "\(url.host ?? "")",
                    "aiops.error": "\(error)",
                ])
        }
    }

    /// Slack shows `text` to the person who pressed the button only.
    static func reply(_ text: String) -> Response {
        JSONBody.response(Reply(responseType: "ephemeral", replaceOriginal: false, text: text))
    }

    struct Reply: Encodable {
        var responseType: String
        var replaceOriginal: Bool
        var text: String

        enum CodingKeys: String, CodingKey {
            case responseType = "response_type"
            case replaceOriginal = "replace_original"
            case text
        }
    }
}

/// A `block_actions` interaction: `payload=<JSON>` form-encoded, its first action an Approve or
/// Reject button whose value is the approval's id.
struct SlackInteraction: Equatable {
    var approvalID: String
    var verdict: Approval.Verdict
    /// The Slack user's name (or id), as the audit trail names them.
    var user: String
    /// The Slack user's id (`U…`), checked against the approvers.
    var userID: String?
    /// Where the original message can be updated (`response_url`), as Slack sent it.
    var responseURL: String?

    init(form body: Data) throws {
        let text = String(decoding: body, as: UTF8.self)
        var components = URLComponents()
        components.percentEncodedQuery = text.replacingOccurrences(of: "+", with: "%20")
        guard let payload = components.queryItems?.first(where: { $0.name == "payload" })?.value,
            let decoded = try? JSONDecoder().decode(Payload.self, from: Data(payload.utf8))
        else {
            throw APIError(
                .badRequest, code: "invalid_body", "a Slack interaction is a form with a JSON 'payload' field")
        }
        guard decoded.type == "block_actions", let action = decoded.actions?.first,
            let verdict = Approval.Verdict(rawValue: action.actionID), let value = action.value, !value.isEmpty
        else {
            throw APIError(
                .badRequest, code: "invalid_body", "only the Approve and Reject buttons of an aiops message are handled"
            )
        }
        approvalID = String(value.prefix(128))
        self.verdict = verdict
        let name = decoded.user?.username ?? decoded.user?.name ?? decoded.user?.id ?? "unknown"
        user = String(name.prefix(64))
        responseURL = decoded.responseURL
        userID = decoded.user?.id.map { String($0.prefix(64)) }
    }

    private struct Payload: Decodable {
        var type: String
        var user: User?
        var actions: [Action]?
        var responseURL: String?

        enum CodingKeys: String, CodingKey {
            case type, user, actions
            case responseURL = "response_url"
        }
    }

    private struct User: Decodable {
        var id: String?
        var username: String?
        var name: String?
    }

    private struct Action: Decodable {
        var actionID: String
        var value: String?

        enum CodingKeys: String, CodingKey {
            case actionID = "action_id"
            case value
        }
    }
}
