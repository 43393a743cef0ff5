public import CoreMetrics
public import Foundation
public import Logging
import SigV4

/// Sends AWS calls: signs each attempt, retries what is worth retrying, and turns error replies
/// into `AWSError`. Shared by every service client.
///
/// Per attempt the order is sign → send → map errors, and the retry loop wraps it, as in soto:
/// every attempt is signed afresh (a retry after a long back-off needs a current `X-Amz-Date`
/// and may need refreshed credentials), and the retry policy decides on typed `AWSError`s.
public struct AWSRequestExecutor: Sendable {
    public let configuration: AWSConfiguration
    public let credentialProvider: any CredentialProvider
    public let transport: any HTTPTransport
    public let logger: Logger
    let now: @Sendable () -> Date
    /// The correction to the local clock learned from a clock-skew reply, shared by every copy.
    let skew = ClockSkew()
    /// Where the calls' metrics go; nil: the process's `MetricsSystem.factory`.
    public var metricsFactory: (any MetricsFactory)?

    public init(
        configuration: AWSConfiguration, credentialProvider: any CredentialProvider,
        transport: any HTTPTransport = AsyncHTTPClientTransport(), logger: Logger = Logger(label: "aiops.aws"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.credentialProvider = credentialProvider
        self.transport = transport
        self.logger = logger
        self.now = now
    }

    /// Sends one call of `operation` with `body`, retrying per the configuration, and returns the
    /// successful reply. Throws `AWSError` (or `CancellationError`).
    public func send(
        service: AWSService, operation: String, headers extraHeaders: [(name: String, value: String)], body: Data
    ) async throws -> HTTPResponse {
        let url = configuration.endpoint(for: service)
        let label = "\(service.name).\(operation)"
        var logger = self.logger
        logger[metadataKey: "aws.operation"] = "\(label)"
        let retry = configuration.retry
        var attempt = 0
        var recovery = ReplyRecovery()
        let started = ContinuousClock.now
        let elapsed = {
            let parts = (ContinuousClock.now - started).components
            return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        }
        while true {
            attempt += 1
            var retryAfter: Duration?
            var replyDate: Date?
            let failure: AWSError
            do {
                let request = try await signedRequest(service: service, url: url, headers: extraHeaders, body: body)
                let response = try await transport.send(request, timeout: configuration.requestTimeout)
                if (200..<300).contains(response.status) {
                    logger.debug(
                        "AWS call succeeded",
                        metadata: [
                            "aws.request-id": "\(Self.requestID(response) ?? "-")", "aws.attempt": "\(attempt)",
                            "http.status": "\(response.status)",
                        ])
                    recordCall(service: service, operation: operation, outcome: .success, seconds: elapsed())
                    return response
                }
                retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"), now: now())
                replyDate = response.header("Date").flatMap(HTTPDate.parse)
                failure = AWSErrorParser.parse(response, operation: label)
            } catch var error as AWSError {
                error.operation = error.operation ?? label
                failure = error
            } catch let error as CancellationError {
                throw error
            } catch {
                // A transport of someone else's making: treat its failures as connection failures.
                failure = AWSError(.connectionFailure, "\(error)", operation: label, underlying: error)
            }
            // Expired credentials and a skewed clock are fixed here and retried at once, outside
            // the retry budget: each once per call, as the AWS SDKs do.
            if await recover(from: failure, replyDate: replyDate, state: &recovery, logger: logger) { continue }
            guard attempt < retry.maxAttempts, RetryPolicy.isRetryable(failure) else {
                logger.debug(
                    "AWS call failed",
                    metadata: [
                        "aws.request-id": "\(failure.requestID ?? "-")", "aws.error-code": "\(failure.code)",
                        "aws.attempt": "\(attempt)",
                    ])
                let outcome: CallOutcome = Self.isThrottling(failure) ? .throttled : .error
                recordCall(service: service, operation: operation, outcome: outcome, seconds: elapsed())
                throw failure
            }
            recordRetry(service: service, operation: operation, failure: failure)
            let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            logger.info(
                "AWS call will be retried",
                metadata: [
                    "aws.request-id": "\(failure.requestID ?? "-")", "aws.error-code": "\(failure.code)",
                    "aws.attempt": "\(attempt)", "aws.retry-in-ms": "\(Self.milliseconds(delay))",
                ])
            try await retry.sleep(delay)
        }
    }

    private func signedRequest(
        service: AWSService, url: URL, headers extraHeaders: [(name: String, value: String)], body: Data
    ) async throws -> HTTPRequest {
        let credentials = try await credentialProvider.credentials()
        let signer = SigV4Signer(credentials: credentials, region: configuration.region, service: service.signingName)
        var headers: [(name: String, value: String)] = [("Host", Self.hostHeader(url))]
        headers += extraHeaders
        headers.append(("User-Agent", "aiops/1.0 swift"))
        let path = url.path.isEmpty ? "/" : url.path
        let signed = signer.sign(
            method: "POST", path: path, headers: headers, payload: .of(body), date: skew.corrected(now()))
        return HTTPRequest(method: "POST", url: url, headers: signed.headers, body: body)
    }

    /// `host[:port]`, the port only when it is not the scheme's default (as HTTP clients send it).
    static func hostHeader(_ url: URL) -> String {
        var host = url.host ?? ""
        if host.contains(":") { host = "[\(host)]" }
        guard let port = url.port else { return host }
        let isDefault = (url.scheme == "https" && port == 443) || (url.scheme == "http" && port == 80)
        return isDefault ? host : "\(host):\(port)"
    }

    static func requestID(_ response: HTTPResponse) -> String? {
        response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }
}
