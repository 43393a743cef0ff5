import AIOpsCore
public import Hummingbird

/// An error answered to the client as `{"error":{"code":…,"message":…}}` with its HTTP status.
///
/// Handlers throw these for bad parameters (400), unknown ids (404) and the like; `APIErrorMiddleware`
/// turns every other error into one, so no route answers 500 for bad input.
public struct APIError: HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A stable, machine-readable code such as `invalid_parameter`.
    public var code: String
    /// What is wrong and what to do about it, for a person.
    public var message: String
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONBody.response(ErrorDocument(error: .init(code: code, message: message)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func badParameter(_ name: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", "parameter '\(name)': \(message)")
    }

    static func notFound(_ what: String, _ id: String) -> APIError {
        APIError(.notFound, code: "not_found", "no \(what) with id '\(String(id.prefix(128)))'")
    }

    static let unauthorized = APIError(
        .unauthorized, code: "unauthorized",
        "this API needs a bearer token: send 'Authorization: Bearer <token>' (the token aiops serve was started with)",
        headers: [.wwwAuthenticate: "Bearer realm=\"aiops\""])

    /// The API's view of an error that is not an `APIError`: Hummingbird's own, the store's, or unknown.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as HTTPError:
            return APIError(
                error.status, code: code(for: error.status),
                error.body ?? error.status.reasonPhrase, headers: error.headers)
        case let error as any HTTPResponseError:
            // Hummingbird's and NIO's own, e.g. a body over the size limit.
            let message =
                error.status == .contentTooLarge
                ? "the request body is larger than this API accepts (64 KiB)" : error.status.reasonPhrase
            return APIError(error.status, code: code(for: error.status), message)
        case let error as AIOpsError where error.code == .invalidInput:
            return APIError(.badRequest, code: "invalid_parameter", error.message)
        case let error as AIOpsError where error.code == .notFound:
            return APIError(.notFound, code: "not_found", error.message)
        case let error as AIOpsError where error.code == .conflict:
            return APIError(.conflict, code: "conflict", error.message)
        case let error as AIOpsError where error.code == .unavailable:
            return APIError(.serviceUnavailable, code: "unavailable", error.message)
        default:
            return APIError(
                .internalServerError, code: "internal", "the server failed to answer; its log says why")
        }
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status {
        case .badRequest: "bad_request"
        case .unauthorized: "unauthorized"
        case .notFound: "not_found"
        case .methodNotAllowed: "method_not_allowed"
        case .contentTooLarge: "payload_too_large"
        case .unsupportedMediaType: "unsupported_media_type"
        case .conflict: "conflict"
        default: status.code >= 500 ? "internal" : "bad_request"
        }
    }
}

/// The JSON body of every error response.
struct ErrorDocument: Codable, Sendable {
    struct Detail: Codable, Sendable {
        var code: String
        var message: String
    }
    var error: Detail
}
