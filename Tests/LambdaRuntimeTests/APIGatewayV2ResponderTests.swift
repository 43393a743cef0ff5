import Foundation
import Hummingbird
import LambdaRuntime
import Logging
import Testing

/// API Gateway events through a Hummingbird router, in process, and the token authorizer.
@Suite struct APIGatewayV2ResponderTests {
    static let context = LambdaContext(
        invocation: Invocation(
            requestID: "r-1", deadline: Date().addingTimeInterval(30), invokedFunctionARN: nil, traceID: nil,
            body: Data()),
        logger: Logger(label: "test"))

    static func router() -> Router<EventContext> {
        let router = Router(context: EventContext.self)
        router.get("items/:id") { request, context -> String in
            let id = context.parameters.get("id") ?? "?"
            let limit = request.uri.queryParameters.get("limit") ?? "-"
            let cookie = request.headers[.cookie] ?? "-"
            return "item \(id) limit=\(limit) cookie=\(cookie)"
        }
        router.post("echo") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1024)
            var headers = HTTPFields()
            headers[.contentType] = "application/octet-stream"
            headers[.setCookie] = "a=1"
            return Response(status: .created, headers: headers, body: .init(byteBuffer: body))
        }
        return router
    }

    static func event(method: String, path: String, query: String = "", body: String? = nil, base64: Bool = false)
        throws -> APIGatewayV2Request
    {
        var object: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": query,
            "cookies": ["session=abc", "theme=dark"], "headers": ["host": "example.com", "x-test": "1"],
            "requestContext": ["requestId": "gw-1", "http": ["method": method, "path": path]],
            "isBase64Encoded": base64,
        ]
        if let body { object["body"] = body }
        return try JSONDecoder().decode(
            APIGatewayV2Request.self, from: JSONSerialization.data(withJSONObject: object))
    }

    @Test func translatesPathQueryCookiesAndTextBodies() async throws {
        let handler = APIGatewayV2Responder(responder: Self.router().buildResponder()) {
            EventContext(source: .init(logger: $0))
        }
        let response = try await handler.handle(
            Self.event(method: "GET", path: "/items/42", query: "limit=5"), context: Self.context)
        #expect(response.statusCode == 200)
        #expect(response.body == "item 42 limit=5 cookie=session=abc; theme=dark")
        #expect(response.isBase64Encoded == false)
        #expect(response.headers?["content-type"]?.hasPrefix("text/plain") == true)

        let missing = try await handler.handle(Self.event(method: "GET", path: "/nowhere"), context: Self.context)
        #expect(missing.statusCode == 404)
    }

    @Test func binaryBodiesTravelAsBase64BothWays() async throws {
        let handler = APIGatewayV2Responder(responder: Self.router().buildResponder()) {
            EventContext(source: .init(logger: $0))
        }
        let bytes = Data([0, 1, 2, 254, 255])
        let response = try await handler.handle(
            Self.event(method: "POST", path: "/echo", body: bytes.base64EncodedString(), base64: true),
            context: Self.context)
        #expect(response.statusCode == 201)
        #expect(response.isBase64Encoded == true)
        #expect(response.body.flatMap { Data(base64Encoded: $0) } == bytes)
        #expect(response.cookies == ["a=1"])

        await #expect(throws: LambdaRuntimeError.self) {
            _ = try await handler.handle(
                Self.event(method: "POST", path: "/echo", body: "%%%", base64: true), context: Self.context)
        }
    }
}

/// A request context made from a logger alone, as for requests that come as events.
struct EventContext: RequestContext {
    struct Source: RequestContextSource {
        var logger: Logger
    }

    var coreContext: CoreRequestContextStorage

    init(source: Source) { coreContext = .init(source: source) }
}
