public import Foundation

/// When and how long to wait before trying a failed call again.
///
/// Retries throttling codes, HTTP 429 and 5xx, timeouts and broken connections; nothing else.
/// The wait is "full jitter" (a uniform draw between zero and a capped exponential bound, as the
/// AWS Architecture Blog recommends) and never shorter than a `Retry-After` the server sent.
/// The random source and the sleep are injected so tests are fast and replay exactly.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included (1 disables retries).
    public var maxAttempts: Int
    /// The bound of the first retry's wait; it doubles each retry.
    public var baseDelay: Duration
    /// The largest bound of a wait.
    public var maxDelay: Duration
    /// The longest `Retry-After` honoured, so a server cannot stall the agent for hours.
    public var maxRetryAfter: Duration
    /// Returns a number in [0, 1).
    public var random: @Sendable () -> Double
    /// Waits; `Task.sleep` in production.
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(20),
        maxRetryAfter: Duration = .seconds(60), random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.random = random
        self.sleep = sleep
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Error codes AWS services use for throttling, across protocols and services.
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "RequestLimitExceeded", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "BandwidthLimitExceeded", "LimitExceededException", "EC2ThrottledException",
    ]

    /// Codes of transient faults on AWS's side, whatever the status.
    public static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure", "InternalServerError",
        "ServiceUnavailable", "ServiceUnavailableException", "InternalServiceFault",
    ]

    /// True when `error` is worth another attempt.
    public static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? AWSError else { return false }
        switch error.code {
        case .timeout, .connectionFailure: return true
        case .credentialsNotFound, .credentialsFailure, .invalidConfiguration, .invalidParameter: return false
        default: break
        }
        if throttlingCodes.contains(error.code.rawValue) || transientCodes.contains(error.code.rawValue) { return true }
        guard let status = error.statusCode else { return false }
        return status == 429 || (500...599).contains(status) && status != 501
    }

    /// The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let bound = min(maxDelay, baseDelay * (1 << exponent))
        let jittered = bound * min(max(random(), 0), 1)
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, maxRetryAfter))
    }

    /// Parses `Retry-After`: delay seconds or an HTTP date (RFC 9110 §10.2.3).
    public static func parseRetryAfter(_ value: String?, now: Date) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        guard let date = HTTPDate.parse(value) else { return nil }
        let seconds = date.timeIntervalSince(now)
        return seconds > 0 ? .milliseconds(Int64(seconds * 1000)) : .zero
    }
}
