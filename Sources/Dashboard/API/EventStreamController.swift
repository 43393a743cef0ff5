import AIOpsCore
import Foundation
import Hummingbird

/// `GET /api/v1/events`: a Server-Sent Events stream of new and changed incidents.
///
/// Each change is an event named `incident` whose data is `{"kind":"opened"|"updated","incident":{…}}`
/// (the incident as the list shows it) and whose id is the change's sequence number. Comments keep
/// idle connections open. The stream ends when the server shuts down.
struct EventStreamController: Sendable {
    let events: IncidentEvents

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("events", use: stream)
    }

    struct Payload: Encodable {
        var kind: String
        var incident: API.IncidentSummary
    }

    @Sendable func stream(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let messages = events.subscribe()
        let logger = context.logger
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody { writer in
                // The retry hint tells EventSource-style clients how soon to reconnect.
                try await writer.write(ByteBuffer(string: "retry: 3000\n: connected\n\n"))
                let encoder = JSONBody.encoder()
                for await message in messages {
                    switch message {
                    case .heartbeat:
                        try await writer.write(ByteBuffer(string: ": heartbeat\n\n"))
                    case .change(let change):
                        let payload = Payload(kind: change.kind.rawValue, incident: .init(change.incident))
                        do {
                            let json = String(decoding: try encoder.encode(payload), as: UTF8.self)
                            try await writer.write(
                                ByteBuffer(string: "id: \(change.sequence)\nevent: incident\ndata: \(json)\n\n"))
                        } catch is EncodingError {
                            logger.warning(
                                "an incident could not be sent as JSON", metadata: ["error": "\(change.incident.id)"])
                        }
                    }
                }
                try await writer.finish(nil)
            })
    }
}
