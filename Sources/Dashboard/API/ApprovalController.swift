import AIOpsCore
import Foundation
import Hummingbird

/// `/api/v1/approvals`: the pending approvals (or an incident's), and answering one. The answer
/// is carried out by the `ApprovalDesk` (the remediation engine), which settles it once, re-checks
/// the guards, acts and audits.
struct ApprovalController<Store: IncidentStore>: Sendable {
    let store: Store
    let desk: (any ApprovalDesk)?

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("approvals", use: list)
        group.post("approvals/:id/approve") { request, context in
            try await answer(request, context: context, .approve)
        }
        group.post("approvals/:id/reject") { request, context in
            try await answer(request, context: context, .reject)
        }
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let approvals: [Approval]
        if let incident = try query.string("incident") {
            approvals = try await store.approval(id: Approval.id(incidentID: incident)).map { [$0] } ?? []
        } else {
            approvals = try await store.pendingApprovals(limit: try query.int("limit", in: 1...500) ?? 100)
        }
        return JSONBody.response(API.List(items: approvals.map(API.Approval.init)))
    }

    func answer(_ request: Request, context: DashboardRequestContext, _ verdict: Approval.Verdict) async throws
        -> Response
    {
        var request = request
        let id = try request.pathParameter("id", context: context)
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let asked = try API.ApprovalRequest.decode(Data(body.readableBytesView))
        guard try await store.approval(id: id) != nil else { throw APIError.notFound("approval", id) }
        guard let desk else {
            throw APIError(
                .serviceUnavailable, code: "unavailable",
                "this server does not run remediation, so it cannot carry out an approval: answer through the "
                    + "agent's own dashboard (aiops run, aiops demo) or the API function")
        }
        guard let answer = try await desk.answer(approvalID: id, verdict, by: asked.by, via: asked.via) else {
            throw APIError.notFound("approval", id)
        }
        context.logger.info(
            "approval answered through the API",
            metadata: [
                "aiops.approval-id": "\(id)", "aiops.incident-id": "\(answer.approval.incidentID)",
                "aiops.outcome": "\(answer.outcome.rawValue)",
            ])
        switch answer.outcome {
        case .executed, .notExecuted, .rejected:
            return JSONBody.response(API.ApprovalAnswer(answer))
        case .alreadyDecided, .expired, .incidentResolved:
            throw APIError(
                .conflict, code: answer.outcome.rawValue.replacingOccurrences(of: "-", with: "_"), answer.message)
        }
    }
}

extension API {
    /// The optional body of `POST /approvals/{id}/approve|reject`: who answers, and from where.
    struct ApprovalRequest: Decodable {
        var by: String
        var via: String

        static func decode(_ data: Data) throws -> ApprovalRequest {
            guard !data.isEmpty else { return ApprovalRequest(by: "api", via: "api") }
            struct Body: Decodable {
                var by: String?
                var via: String?
            }
            let body: Body
            do {
                body = try JSONBody.decoder().decode(Body.self, from: data)
            } catch {
                throw APIError(
                    .badRequest, code: "invalid_body",
                    "the body is optional; when sent, a JSON object {\"by\": \"NAME\", \"via\": \"api\"|\"dashboard\"}: "
                        + EventCodec.describe(error))
            }
            let by = (body.by ?? "api").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !by.isEmpty, by.count <= 64, !by.contains(where: \.isNewline) else {
                throw APIError(.badRequest, code: "invalid_body", "'by' is a name of 1 to 64 characters on one line")
            }
            let via = body.via ?? "api"
            guard ["api", "dashboard"].contains(via) else {
                throw APIError(
                    .badRequest, code: "invalid_body", "'via' is 'api' or 'dashboard', not '\(via.prefix(32))'")
            }
            return ApprovalRequest(by: by, via: via)
        }
    }

    /// An approval as the API shows it.
    struct Approval: Codable, Sendable {
        var id: String
        var incidentId: String
        var actionId: String
        var instanceId: String
        var instanceName: String
        var kind: String
        var approverRole: String
        var reason: String
        var requestedAt: Date
        var expiresAt: Date
        /// `pending`, `approved`, `rejected`, `expired` or `withdrawn`.
        var state: String
        var decidedBy: String?
        var decidedAt: Date?
        var decidedVia: String?

        init(_ approval: AIOpsCore.Approval) {
            id = approval.id
            incidentId = approval.incidentID
            actionId = approval.actionID
            instanceId = approval.instance.id
            instanceName = approval.instance.name
            kind = approval.kind.rawValue
            approverRole = approval.approverRole
            reason = approval.reason
            requestedAt = approval.requestedAt
            expiresAt = approval.expiresAt
            state = approval.state.rawValue
            decidedBy = approval.decidedBy
            decidedAt = approval.decidedAt
            decidedVia = approval.decidedVia
        }
    }

    /// What an answer did.
    struct ApprovalAnswer: Codable, Sendable {
        /// `executed`, `not-executed` or `rejected` (the others are 409 errors).
        var outcome: String
        var message: String
        var approval: Approval
        var action: Action?

        init(_ answer: AIOpsCore.ApprovalAnswer) {
            outcome = answer.outcome.rawValue
            message = answer.message
            approval = Approval(answer.approval)
            action = answer.action.map(Action.init)
        }
    }
}
