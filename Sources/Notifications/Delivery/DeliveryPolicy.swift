public import AWSClient
public import Foundation

/// How hard a notification is pushed through, and how long its once-per-channel record lasts.
///
/// The defaults fit inside a Lambda invocation: four attempts, 10 s each at most, waits of up to
/// 0.5, 1 and 2 s between them (full jitter): under 45 s for a receiver that never answers. A
/// receiver's `Retry-After` is honoured up to 30 s. Slack, Teams and PagerDuty answer in well
/// under a second when healthy, so 10 s only trips on a receiver that is down.
public struct DeliveryPolicy: Sendable {
    /// The retry schedule (attempts, backoff bounds, jitter, sleep).
    public var retry: RetryPolicy
    /// The longest wait for one reply.
    public var timeout: Duration
    /// How long a delivery in progress holds its record: a process that dies mid-delivery lets
    /// a re-delivered alert try again after this.
    public var claimFor: TimeInterval
    /// How long a delivered (or dead-lettered) record is kept: alerts re-delivered within it are
    /// recognised and not sent again. A day past it the store expires the record.
    public var keepFor: TimeInterval

    public init(
        retry: RetryPolicy = RetryPolicy(
            maxAttempts: 4, baseDelay: .milliseconds(500), maxDelay: .seconds(8), maxRetryAfter: .seconds(30)),
        timeout: Duration = .seconds(10), claimFor: TimeInterval = 600, keepFor: TimeInterval = 30 * 86_400
    ) {
        self.retry = retry
        self.timeout = timeout
        self.claimFor = claimFor
        self.keepFor = keepFor
    }
}
