import Foundation
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>`; anything else is a 401.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], Self.matches(header, token: token) else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    /// True when `header` is `Bearer <token>` (the scheme in any case). The token is compared in
    /// time independent of where it differs, so timing does not reveal it.
    static func matches(_ header: String, token: String) -> Bool {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let given = Array(parts[1].trimmingCharacters(in: .whitespaces).utf8)
        let expected = Array(token.utf8)
        var difference: UInt8 = given.count == expected.count ? 0 : 1
        for index in 0..<max(given.count, expected.count) {
            let a = index < given.count ? given[index] : 0
            let b = index < expected.count ? expected[index] : 0
            difference |= a ^ b
        }
        return difference == 0 && !expected.isEmpty
    }
}
