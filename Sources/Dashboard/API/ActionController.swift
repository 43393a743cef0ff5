import AIOpsCore
import Hummingbird

/// `/api/v1/actions`: the remediation log, newest first.
struct ActionController<Store: IncidentStore>: Sendable {
    let store: Store

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("actions", use: list)
    }

    @Sendable func list(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let actions = try await store.actions(
            incidentID: try query.string("incident"), instanceID: try query.string("instance"),
            since: try query.date("since"), limit: try query.int("limit", in: 1...500) ?? 100)
        return JSONBody.response(API.List(items: actions.map(API.Action.init)))
    }
}
