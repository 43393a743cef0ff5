import Hummingbird

/// Answers every error as JSON `{"error":{"code","message"}}`: `APIError`s as they are, Hummingbird's
/// own (an unknown route is a 404) and the store's by their meaning, anything else as a logged 500
/// that reveals nothing.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError.from(error)
            if answer.status.code >= 500 {
                context.logger.error(
                    "request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            return try answer.response(from: request, context: context)
        }
    }
}
