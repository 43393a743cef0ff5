import Foundation

/// An API Gateway HTTP API REQUEST authorizer (payload 2.0, simple responses): authorized when
/// the `Authorization` header is `Bearer <token>`.
public struct BearerTokenAuthorizer: LambdaHandler {
    public typealias Event = APIGatewayV2AuthorizerRequest
    public typealias Output = APIGatewayV2SimpleAuthorizerResponse

    let token: String

    /// Refuses an empty token: an authorizer that lets everyone in must be a decision, not a default.
    public init(token: String) throws(InvalidConfiguration) {
        guard !token.isEmpty else {
            throw InvalidConfiguration(message: "the authorizer needs a bearer token: set AIOPS_API_TOKEN")
        }
        self.token = token
    }

    public func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        // HTTP APIs lower-case header names; the identity source carries the same value.
        let header =
            event.headers?.first { $0.key.lowercased() == "authorization" }?.value ?? event.identitySource?.first
        let authorized = header.map { Self.matches($0, token: token) } ?? false
        context.logger.info("authorization decided", metadata: ["aiops.authorized": "\(authorized)"])
        return Output(isAuthorized: authorized)
    }

    /// True when `header` is `Bearer <token>` (the scheme in any case). Every byte is compared,
    /// wherever the first difference lies, so the time taken does not reveal the token.
    public static func matches(_ header: String, token: String) -> Bool {
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

/// A function's configuration is unusable (reported to `/runtime/init/error`).
public struct InvalidConfiguration: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
