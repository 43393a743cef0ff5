import Foundation
import HTTPTypes
public import Hummingbird
public import Logging
import NIOCore
import NIOFoundationCompat

/// Serves API Gateway HTTP API events (payload 2.0) with a Hummingbird responder, in process:
/// the event becomes a `Request`, the router answers it, and its `Response` becomes the payload
/// 2.0 response. No socket is opened; the same router serves `aiops serve`.
public struct APIGatewayV2Responder<Responder: HTTPResponder>: LambdaHandler
where Responder.Context: RequestContext {
    public typealias Event = APIGatewayV2Request
    public typealias Output = APIGatewayV2Response

    let responder: Responder
    let makeContext: @Sendable (Logger) -> Responder.Context
    /// Largest response body returned: Lambda refuses responses over 6 MB.
    let maxResponseBytes: Int

    /// - Parameter makeContext: the router's request context for a request that came as an event.
    public init(
        responder: Responder, maxResponseBytes: Int = 5 * 1024 * 1024,
        makeContext: @escaping @Sendable (Logger) -> Responder.Context
    ) {
        self.responder = responder
        self.makeContext = makeContext
        self.maxResponseBytes = maxResponseBytes
    }

    public func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        let request = try event.hummingbirdRequest()
        let response: Response
        do {
            response = try await responder.respond(to: request, context: makeContext(context.logger))
        } catch let error as any HTTPResponseError {
            // What the server would have sent for an error that escaped the router's middleware.
            response = try error.response(from: request, context: makeContext(context.logger))
        }
        return try await APIGatewayV2Response(response, maxBytes: maxResponseBytes)
    }
}

extension APIGatewayV2Request {
    /// The request as Hummingbird sees it: method, path and query, headers (and cookies), body.
    public func hummingbirdRequest() throws(LambdaRuntimeError) -> Request {
        let method = HTTPRequest.Method(requestContext.http.method.uppercased())
        guard let method else {
            throw LambdaRuntimeError(.invalidEvent, "'\(requestContext.http.method)' is not an HTTP method")
        }
        var fields = HTTPFields()
        for (name, value) in (headers ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields[fieldName] = value
        }
        // Payload 2.0 moves the cookies out of the headers.
        if let cookies, !cookies.isEmpty { fields[.cookie] = cookies.joined(separator: "; ") }
        let path = rawQueryString.isEmpty ? rawPath : "\(rawPath)?\(rawQueryString)"
        var bytes = ByteBuffer()
        if let body {
            if isBase64Encoded {
                guard let decoded = Data(base64Encoded: body) else {
                    throw LambdaRuntimeError(.invalidEvent, "the body is marked base64 but is not base64")
                }
                bytes = ByteBuffer(data: decoded)
            } else {
                bytes = ByteBuffer(string: body)
            }
        }
        let head = HTTPRequest(
            method: method, scheme: "https", authority: headers?["host"] ?? requestContext.domainName,
            path: path, headerFields: fields)
        return Request(head: head, body: RequestBody(buffer: bytes))
    }
}

extension APIGatewayV2Response {
    /// The response API Gateway expects: text bodies as they are, anything else base64.
    public init(_ response: Response, maxBytes: Int) async throws {
        let collected = CollectedBody(limit: maxBytes)
        let body = response.body
        try await body.write(CollectedBody.Writer(storage: collected))
        let bytes = collected.bytes
        var headers: [String: String] = [:]
        var cookies: [String] = []
        for field in response.headers {
            if field.name == .setCookie {
                cookies.append(field.value)
            } else if let existing = headers[field.name.canonicalName] {
                headers[field.name.canonicalName] = "\(existing), \(field.value)"
            } else {
                headers[field.name.canonicalName] = field.value
            }
        }
        let contentType = headers["content-type"] ?? ""
        let isText =
            contentType.hasPrefix("text/") || contentType.contains("json") || contentType.contains("javascript")
            || contentType.contains("svg") || contentType.contains("xml") || bytes.readableBytes == 0
        let text = isText ? String(buffer: bytes) : nil
        self.init(
            statusCode: Int(response.status.code), headers: headers, cookies: cookies.isEmpty ? nil : cookies,
            body: text ?? Data(buffer: bytes).base64EncodedString(), isBase64Encoded: text == nil)
    }
}
