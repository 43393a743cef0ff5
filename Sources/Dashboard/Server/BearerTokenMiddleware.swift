import AIOpsCore
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>`; anything else is a 401.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], BearerToken.matches(header, token: token) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }
}
