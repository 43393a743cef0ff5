import AIOpsCore
import Foundation
import Hummingbird

/// `/api/v1/silences`: the current silences and maintenance windows, creating one, and ending
/// one early. Validation is the core's (`Silence.validate`), shared with the CLI; every change is
/// audited by `SilenceBook`.
struct SilenceController<Store: IncidentStore>: Sendable {
    let store: Store
    let clock: any AgentClock
    /// Who the audit trail names for changes made through the API.
    let actor = "api"

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("silences", use: list)
        group.post("silences", use: create)
        group.post("silences/:id/expire", use: expire)
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let now = clock.now()
        let silences = try await SilenceBook(store: store).current(now: now)
        return JSONBody.response(API.SilenceList(items: silences.map { API.Silence($0, now: now) }))
    }

    @Sendable func create(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        let now = clock.now()
        let silence = try API.SilenceRequest.decode(Data(body.readableBytesView))
            .silence(id: "sil-" + UUID().uuidString.lowercased(), createdBy: actor, now: now)
        try await SilenceBook(store: store).create(silence, now: now)
        context.logger.info(
            "silence created through the API",
            metadata: ["aiops.silence-id": "\(silence.id)", "aiops.owner": "\(silence.owner)"])
        return JSONBody.response(API.Silence(silence, now: now))
    }

    @Sendable func expire(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let id = try request.pathParameter("id", context: context)
        let now = clock.now()
        guard try await store.silence(id: id) != nil else { throw APIError.notFound("silence", id) }
        let ended = try await SilenceBook(store: store).expire(id: id, by: actor, now: now)
        context.logger.info("silence expired through the API", metadata: ["aiops.silence-id": "\(id)"])
        return JSONBody.response(API.Silence(ended, now: now))
    }
}

extension API {
    /// The body of `POST /silences`.
    struct SilenceRequest: Decodable {
        var matchers: [SilenceMatcher]
        var window: SilenceWindow
        var owner: String
        var reason: String
        /// Optional for a one-off window (it then expires at the window's end).
        var expiresAt: Date?

        static func decode(_ data: Data) throws -> SilenceRequest {
            do {
                return try JSONBody.decoder().decode(SilenceRequest.self, from: data)
            } catch {
                throw APIError(
                    .badRequest, code: "invalid_body",
                    "the body must be a JSON object {\"matchers\": [\"instance=ID\" | \"tag:KEY=VALUE\" | \"metric=NAME\" | "
                        + "\"severity=LEVEL\"], \"window\": {\"kind\": \"once\", \"start\", \"end\"} or {\"kind\": "
                        + "\"daily\"|\"weekly\", \"weekday\", \"at\": \"HH:MM\", \"durationMinutes\", \"timeZone\"}, "
                        + "\"owner\", \"reason\", \"expiresAt\"}: " + EventCodec.describe(error))
            }
        }

        /// The silence it asks for; invalid fields are a 400 saying which (through `APIError.from`).
        func silence(id: String, createdBy: String, now: Date) throws -> AIOpsCore.Silence {
            let expiry: Date
            if let expiresAt {
                expiry = expiresAt
            } else if case .once(_, let end) = window {
                expiry = end
            } else {
                throw APIError(.badRequest, code: "invalid_body", "a recurring window needs 'expiresAt'")
            }
            return AIOpsCore.Silence(
                id: id, matchers: matchers, window: window, owner: owner, reason: reason, createdAt: now,
                createdBy: createdBy, expiresAt: expiry)
        }
    }

    /// A silence as the API shows it: what it is, and where it stands now.
    struct Silence: Codable, Sendable {
        var id: String
        var matchers: [String]
        var window: SilenceWindow
        var owner: String
        var reason: String
        var createdAt: Date
        var createdBy: String
        var expiresAt: Date
        var expiredAt: Date?
        var expiredBy: String?
        /// `active`, `upcoming` or `ended`.
        var state: String
        /// The stretch it holds now or next (absent when it never holds again).
        var nextStart: Date?
        var nextEnd: Date?

        init(_ silence: AIOpsCore.Silence, now: Date) {
            id = silence.id
            matchers = silence.matchers.map(\.description)
            window = silence.window
            owner = silence.owner
            reason = silence.reason
            createdAt = silence.createdAt
            createdBy = silence.createdBy
            expiresAt = silence.expiresAt
            expiredAt = silence.expiredAt
            expiredBy = silence.expiredBy
            state = silence.state(at: now).rawValue
            let next = silence.nextWindow(after: now)
            nextStart = next?.start
            nextEnd = next?.end
        }
    }

    struct SilenceList: Codable, Sendable {
        var items: [Silence]
    }
}
