import Hummingbird

/// Answers a request for a known path with a method it does not serve (PUT, TRACE, QUERY, …) with
/// 405 and an `Allow` header, instead of the router's 404 that would say the path does not exist.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext

    /// Each served path as segments (a `{name}` capture matches any one segment) and the methods it serves.
    private let routes: [(segments: [Substring], methods: [HTTPRequest.Method])]

    /// The routes `router` serves now; add the middleware after every route.
    init(routes: [Router<Context>.RouteDescription]) {
        var byPath: [String: [HTTPRequest.Method]] = [:]
        for route in routes { byPath[route.path.description, default: []].append(route.method) }
        self.routes = byPath.map { path, methods in (path.split(separator: "/"), methods) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let segments = request.uri.path.split(separator: "/")
            guard let route = routes.first(where: { Self.matches($0.segments, segments) }) else { throw error }
            let allow = route.methods.map(\.rawValue).sorted().joined(separator: ", ")
            throw APIError(
                .methodNotAllowed, code: "method_not_allowed",
                "\(request.method.rawValue) is not served at this path; use \(allow)", headers: [.allow: allow])
        }
    }

    private static func matches(_ pattern: [Substring], _ path: [Substring]) -> Bool {
        pattern.count == path.count && zip(pattern, path).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }
}
