import Foundation
import HTTPTypes
import Hummingbird

/// The own-origin rule of a dashboard without a token (which listens on loopback only): only
/// requests naming a loopback host are served, so a DNS-rebound name cannot read anything; a
/// state-changing request from a browser must come from the dashboard's own origin and send
/// JSON, so another web page the operator visits cannot resolve incidents or raise thresholds.
///
/// A request without `Host` or `Origin` is a non-browser client (curl, the CLI, tests): browsers
/// always send `Host`, and send `Origin` on every POST.
struct OwnOriginMiddleware: RouterMiddleware {
    typealias Context = DashboardRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        // HTTP/1's `Host` arrives as the authority; a `Host` field left beside it is checked too.
        let host = request.head.authority ?? request.headers[Self.hostField]
        for name in [request.head.authority, request.headers[Self.hostField]].compactMap(\.self)
        where !Self.isLoopback(authority: name) {
            throw await Self.refusal(
                request,
                .forbidden, code: "forbidden",
                "this dashboard has no token, so it answers only to a loopback name such as 127.0.0.1 or localhost, "
                    + "not '\(String(name.prefix(128)))'; give it a token (--api-token) to serve other names")
        }
        guard Self.changesState(request.method) else { return try await next(request, context) }
        if let origin = request.headers[.origin], !Self.isSameOrigin(origin, host: host) {
            throw await Self.refusal(
                request,
                .forbidden, code: "forbidden",
                "a change from another web page ('\(String(origin.prefix(128)))') is refused: without a token, "
                    + "only the dashboard's own pages may change incidents")
        }
        if let site = request.headers[Self.secFetchSite], !["same-origin", "none"].contains(site) {
            throw await Self.refusal(
                request,
                .forbidden, code: "forbidden", "a change from another site (Sec-Fetch-Site: \(site)) is refused")
        }
        if Self.hasBody(request), !Self.isJSON(request.headers[.contentType]) {
            throw await Self.refusal(
                request,
                .unsupportedMediaType, code: "unsupported_media_type",
                "send the body as JSON with 'Content-Type: application/json'")
        }
        return try await next(request, context)
    }

    // Not among HTTPTypes' usable names (`Host` is deprecated there for the authority); valid tokens.
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
    static let hostField = HTTPField.Name("Host")!

    /// The error to answer, once the body is read (up to 1 MiB): a reply sent while the body is
    /// still unread can be lost to a connection reset when the server then closes.
    static func refusal(_ request: Request, _ status: HTTPResponse.Status, code: String, _ message: String) async
        -> APIError
    {
        _ = try? await request.body.collect(upTo: 1_048_576)
        return APIError(status, code: code, message)
    }

    static func changesState(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }

    /// True for `localhost`, `*.localhost`, `127.x.x.x` and `[::1]`, with or without a port.
    static func isLoopback(authority: String) -> Bool {
        let name = hostName(of: authority).lowercased()
        if name == "localhost" || name.hasSuffix(".localhost") || name == "::1" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// The host of `host[:port]` or `[v6]:port`.
    static func hostName(of authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// True when `origin` is `http(s)://` followed by exactly the request's `Host` (name and port).
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host else { return false }
        let origin = origin.lowercased()
        return origin == "http://\(host.lowercased())" || origin == "https://\(host.lowercased())"
    }

    static func hasBody(_ request: Request) -> Bool {
        if let length = request.headers[.contentLength] { return Int(length) != 0 }
        return request.headers[.transferEncoding] != nil
    }

    /// `application/json`, with parameters (`; charset=utf-8`) or as a `+json` type.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }
}
