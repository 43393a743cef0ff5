import Foundation
public import SigV4

/// Credentials from the container endpoint of ECS, Fargate and EKS Pod Identity.
///
/// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on `http://169.254.170.2`;
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` a whole URL, which must be HTTPS or point at loopback or
/// the ECS/EKS agent addresses. The request carries `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`'s
/// content (re-read each time: EKS rotates it) or else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: CredentialProvider {
    static let ecsHost = "169.254.170.2"
    /// Hosts allowed over plain HTTP, as in the AWS SDKs.
    static let plainHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]"]

    private let environment: [String: String]
    private let transport: any HTTPTransport
    private let timeout: Duration
    private let retry: RetryPolicy

    public init(
        environment: [String: String], transport: any HTTPTransport, timeout: Duration = .seconds(2),
        retry: RetryPolicy = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(100))
    ) {
        self.environment = environment
        self.transport = transport
        self.timeout = timeout
        self.retry = retry
    }

    /// The endpoint the environment names; nil when neither variable is set.
    func endpoint() throws -> URL? {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"], !relative.isEmpty {
            let path = relative.hasPrefix("/") ? relative : "/" + relative
            guard let url = URL(string: "http://\(Self.ecsHost)\(path)") else {
                throw AWSError(.credentialsFailure, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not a valid path")
            }
            return url
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"], !full.isEmpty else { return nil }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host else {
            throw AWSError(.credentialsFailure, "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a valid URL")
        }
        let allowed =
            scheme == "https" || (scheme == "http" && (Self.isLoopback(host) || Self.plainHTTPHosts.contains(host)))
        guard allowed else {
            throw AWSError(
                .credentialsFailure,
                "AWS_CONTAINER_CREDENTIALS_FULL_URI must use https, or http to a loopback or ECS/EKS agent address; got \(scheme)://\(host)"
            )
        }
        return url
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }

    /// The authorization token, from the file first.
    func authorizationToken() throws -> String? {
        var token: String?
        if let path = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"], !path.isEmpty {
            do {
                token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(
                    in: .whitespacesAndNewlines)
            } catch {
                throw AWSError(.credentialsFailure, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path)")
            }
        } else if let value = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"], !value.isEmpty {
            token = value
        }
        if let token, token.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw AWSError(.credentialsFailure, "the container authorization token holds a line break")
        }
        return token
    }

    public func credentials() async throws -> Credentials {
        guard let url = try endpoint() else {
            throw AWSError(
                .credentialsNotFound,
                "container: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set"
            )
        }
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token = try authorizationToken() { headers.append(("Authorization", token)) }
        let source = "the container credentials endpoint \(url.host ?? "")"
        let response = try await CredentialHTTP.fetch(
            HTTPRequest(method: "GET", url: url, headers: headers), transport: transport, timeout: timeout,
            retry: retry, source: source)
        return try CredentialDocument.credentials(from: response.body, source: source)
    }
}

/// A GET/PUT to a credential endpoint with retries on transient failures; the reply body is
/// never quoted in errors (it may hold secrets).
enum CredentialHTTP {
    static func fetch(
        _ request: HTTPRequest, transport: any HTTPTransport, timeout: Duration, retry: RetryPolicy, source: String
    ) async throws -> HTTPResponse {
        var attempt = 0
        while true {
            attempt += 1
            let failure: AWSError
            do {
                let response = try await transport.send(request, timeout: timeout)
                if (200..<300).contains(response.status) { return response }
                failure = AWSError(
                    .credentialsFailure, "\(source) answered HTTP \(response.status)", statusCode: response.status)
            } catch let error as AWSError {
                failure = AWSError(
                    error.code == .timeout ? .timeout : .connectionFailure,
                    "\(source) is unreachable: \(error.message)",
                    underlying: error)
            }
            let retryable = RetryPolicy.isRetryable(failure) || (failure.statusCode ?? 0) >= 500
            guard attempt < retry.maxAttempts, retryable else { throw failure }
            try await retry.sleep(retry.delay(afterAttempt: attempt, retryAfter: nil))
        }
    }
}
