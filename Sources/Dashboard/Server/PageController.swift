import Hummingbird

/// The dashboard's pages and their static files, and the OpenAPI document.
///
/// The pages hold no data: their script fetches it from the API with the bearer token, so they
/// are served without one.
struct PageController: Sendable {
    let resources: DashboardResources

    func addRoutes(to router: Router<DashboardRequestContext>) {
        router.get("/") { _, _ in try serve("index.html") }
        router.get("incidents/:id") { _, _ in try serve("incident.html") }
        router.get("fleet") { _, _ in try serve("fleet.html") }
        router.get("silences") { _, _ in try serve("silences.html") }
        router.get("agent") { _, _ in try serve("agent.html") }
        router.get("approvals") { _, _ in try serve("approvals.html") }
        router.get("runbooks") { _, _ in try serve("runbooks.html") }
        router.get("favicon.ico") { _, _ in try serve("favicon.svg") }
        router.get("static/:name") { _, context in
            let name = context.parameters.get("name") ?? ""
            // Only the listed files: a name never reaches the file system.
            guard DashboardResources.required.contains(name), !name.hasSuffix(".html") else {
                throw APIError(.notFound, code: "not_found", "no static file named '\(name.prefix(64))'")
            }
            return try serve(name)
        }
        router.get("api/v1/openapi.json") { _, _ in try serve("openapi.json") }
    }

    func serve(_ name: String) throws -> Response {
        guard let file = resources.file(name) else {
            throw APIError(.notFound, code: "not_found", "no file named '\(name)'")
        }
        return Response(
            status: .ok, headers: [.contentType: file.contentType, .cacheControl: "no-cache"],
            body: .init(byteBuffer: file.bytes))
    }
}
