import Foundation
public import SigV4

/// Credentials of the instance profile role, from the EC2 instance metadata service, IMDSv2 only:
/// a session token by `PUT /latest/api/token`, then the role name and its credentials by GET
/// with that token.
///
/// `AWS_EC2_METADATA_DISABLED=true` turns it off; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves it
/// (tests point it at a loopback server).
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    static let defaultEndpoint = "http://169.254.169.254"
    static let credentialsPath = "/latest/meta-data/iam/security-credentials/"

    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let timeout: Duration
    private let retry: RetryPolicy

    /// One-second timeouts and two attempts, as the SDKs use: off EC2 nothing answers, and the
    /// chain should give up quickly.
    public init(
        environment: [String: String], transport: any HTTPTransport, timeout: Duration = .seconds(1),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(100))
    ) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.retry = retry
    }

    func endpoint() throws -> URL? {
        if environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true" { return nil }
        let text =
            environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultEndpoint
        guard let url = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text), url.host != nil else {
            throw AWSError(.invalidConfiguration, "AWS_EC2_METADATA_SERVICE_ENDPOINT is not a valid URL: \(text)")
        }
        return url
    }

    public func credentials() async throws -> Credentials {
        guard let base = try endpoint() else {
            throw AWSError(.credentialsNotFound, "instance metadata: disabled by AWS_EC2_METADATA_DISABLED")
        }
        let source = "the instance metadata service"
        do {
            let tokenReply = try await CredentialHTTP.fetch(
                HTTPRequest(
                    method: "PUT", url: base.appendingPathComponent("latest/api/token"),
                    headers: [("X-aws-ec2-metadata-token-ttl-seconds", "21600")]),
                transport: transport, timeout: timeout, retry: retry, source: source)
            let token = String(decoding: tokenReply.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let headers = [(name: "X-aws-ec2-metadata-token", value: token)]
            let listURL = URL(string: base.absoluteString + Self.credentialsPath) ?? base
            let roles = try await CredentialHTTP.fetch(
                HTTPRequest(method: "GET", url: listURL, headers: headers), transport: transport, timeout: timeout,
                retry: retry, source: source)
            guard
                let role = String(decoding: roles.body, as: UTF8.self).split(whereSeparator: \.isNewline).first
                    .map({ $0.trimmingCharacters(in: .whitespaces) }), !role.isEmpty
            else {
                throw AWSError(.credentialsNotFound, "instance metadata: the instance has no IAM role")
            }
            let reply = try await CredentialHTTP.fetch(
                HTTPRequest(method: "GET", url: listURL.appendingPathComponent(role), headers: headers),
                transport: transport, timeout: timeout, retry: retry, source: source)
            return try CredentialDocument.credentials(from: reply.body, source: "\(source) (role \(role))")
        } catch let error as AWSError where error.code == .connectionFailure || error.code == .timeout {
            // Nothing answers off EC2: that means "not configured" to the chain.
            throw AWSError(
                .credentialsNotFound, "instance metadata: no reply from \(base.host ?? "")", underlying: error)
        } catch let error as AWSError where error.statusCode == 404 {
            throw AWSError(.credentialsNotFound, "instance metadata: the instance has no IAM role", underlying: error)
        }
    }
}
