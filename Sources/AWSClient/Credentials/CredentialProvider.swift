import Foundation
public import SigV4

/// A source of AWS credentials.
///
/// Throws `AWSError` with `.credentialsNotFound` when the source is not configured at all (so a
/// chain moves on to the next), and `.credentialsFailure` when it is configured but fails.
/// No error message ever holds a secret, a session token or an authorization token.
public protocol CredentialProvider: Sendable {
    func credentials() async throws -> Credentials
    /// Forgets cached credentials that AWS said have expired, so the next call fetches new ones.
    func invalidate() async
}

extension CredentialProvider {
    /// A provider that caches nothing has nothing to forget.
    public func invalidate() async {}
}

/// Fixed credentials (tests, or keys handed over by the caller).
public struct StaticCredentialProvider: CredentialProvider {
    private let value: Credentials
    public init(_ credentials: Credentials) { value = credentials }
    public func credentials() async throws -> Credentials { value }
}

/// The JSON document that the container endpoint and the instance metadata service return.
struct CredentialDocument: Decodable {
    var code: String?
    var message: String?
    var accessKeyID: String?
    var secretAccessKey: String?
    var token: String?
    var expiration: String?

    enum CodingKeys: String, CodingKey {
        case code = "Code"
        case message = "Message"
        case accessKeyID = "AccessKeyId"
        case secretAccessKey = "SecretAccessKey"
        case token = "Token"
        case expiration = "Expiration"
    }

    /// Decodes `body` into credentials; `source` names the endpoint in errors. The body itself is
    /// never quoted: it holds the secret.
    static func credentials(from body: Data, source: String) throws -> Credentials {
        let document: CredentialDocument
        do {
            document = try JSONDecoder().decode(CredentialDocument.self, from: body)
        } catch {
            throw AWSError(.credentialsFailure, "\(source) returned a reply that is not a credentials document")
        }
        if let code = document.code, code != "Success" {
            throw AWSError(.credentialsFailure, "\(source) answered \(code): \(document.message ?? "no message")")
        }
        guard let key = document.accessKeyID, !key.isEmpty, let secret = document.secretAccessKey, !secret.isEmpty
        else {
            throw AWSError(.credentialsFailure, "\(source) returned no AccessKeyId/SecretAccessKey")
        }
        var expiration: Date?
        if let text = document.expiration {
            guard let date = ISO8601Parsing.date(text) else {
                throw AWSError(.credentialsFailure, "\(source) returned an unreadable Expiration '\(text)'")
            }
            expiration = date
        }
        return Credentials(
            accessKeyID: key, secretAccessKey: secret, sessionToken: document.token, expiration: expiration)
    }
}

/// ISO 8601 timestamps as AWS writes them, with or without fractional seconds.
enum ISO8601Parsing {
    static func date(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
