import AIOpsCore
import LambdaRuntime

/// An API Gateway HTTP API REQUEST authorizer (payload 2.0, simple responses): authorized when
/// the `Authorization` header is `Bearer <token>`.
struct BearerTokenAuthorizer: LambdaHandler {
    typealias Event = APIGatewayV2AuthorizerRequest
    typealias Output = APIGatewayV2SimpleAuthorizerResponse

    let token: String

    /// Refuses an empty token: an authorizer that lets everyone in must be a decision, not a default.
    init(token: String) throws(LambdaRuntimeError) {
        guard !token.isEmpty else {
            throw LambdaRuntimeError(.invalidConfiguration, "the authorizer needs a bearer token: set AIOPS_API_TOKEN")
        }
        self.token = token
    }

    func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        // HTTP APIs lower-case header names; the identity source carries the same value.
        let header =
            event.headers?.first { $0.key.lowercased() == "authorization" }?.value ?? event.identitySource?.first
        let authorized = header.map { BearerToken.matches($0, token: token) } ?? false
        context.logger.info("authorization decided", metadata: ["aiops.authorized": "\(authorized)"])
        return Output(isAuthorized: authorized)
    }
}
