import HTTPTypes
import Hummingbird

/// Adds the security headers to every response, errors included: a Content-Security-Policy that
/// allows only this server's own scripts and styles (no inline script, no framing), no MIME sniffing,
/// no referrer.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext

    static var contentSecurityPolicy: String {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }

    // Not among HTTPTypes' named fields; the names are valid tokens.
    private static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.xFrameOptions] = "DENY"
        response.headers[Self.referrerPolicy] = "no-referrer"
        response.headers[.crossOriginResourcePolicy] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
