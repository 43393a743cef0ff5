import AWSClient
import Foundation
import Testing

@Suite struct RetryPolicyTests {
    @Test(arguments: [
        ("ThrottlingException", 400, true), ("Throttling", 400, true), ("TooManyRequestsException", 400, true),
        ("RequestLimitExceeded", 503, true), ("ProvisionedThroughputExceededException", 400, true),
        ("RequestThrottled", 400, true), ("SlowDown", 503, true), ("InternalFailure", 500, true),
        ("UnknownError", 500, true), ("UnknownError", 503, true), ("UnknownError", 429, true),
        ("UnknownError", 501, false), ("ValidationException", 400, false), ("ResourceNotFoundException", 400, false),
        ("ConditionalCheckFailedException", 400, false), ("AccessDeniedException", 403, false),
    ])
    func classifiesAWSReplies(_ code: String, _ status: Int, _ retryable: Bool) {
        #expect(RetryPolicy.isRetryable(AWSError(AWSError.Code(code), "", statusCode: status)) == retryable)
    }

    @Test func classifiesLocalFailures() {
        #expect(RetryPolicy.isRetryable(AWSError(.timeout, "")))
        #expect(RetryPolicy.isRetryable(AWSError(.connectionFailure, "")))
        #expect(!RetryPolicy.isRetryable(AWSError(.credentialsNotFound, "")))
        #expect(!RetryPolicy.isRetryable(AWSError(.invalidConfiguration, "")))
        #expect(!RetryPolicy.isRetryable(CancellationError()))
    }

    @Test func fullJitterIsBoundedByACappedExponential() {
        let highest = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(2), random: { 0.999_999 })
        let bounds = (1...8).map { highest.delay(afterAttempt: $0, retryAfter: nil) }
        let expected: [Duration] = [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
            .milliseconds(1600), .seconds(2), .seconds(2), .seconds(2),
        ]
        for (bound, cap) in zip(bounds, expected) {
            #expect(bound <= cap && bound > cap * 0.99, "\(bound) vs \(cap)")
        }
        let lowest = RetryPolicy(random: { 0 })
        #expect(lowest.delay(afterAttempt: 5, retryAfter: nil) == .zero)
        let half = RetryPolicy(baseDelay: .seconds(1), random: { 0.5 })
        #expect(half.delay(afterAttempt: 3, retryAfter: nil) == .seconds(2))
    }

    @Test func retryAfterIsAFloorWithACeiling() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxRetryAfter: .seconds(30), random: { 0.5 })
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3)) == .seconds(3))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(3600)) == .seconds(30))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .zero) == .milliseconds(50))
    }

    @Test func parsesRetryAfterSecondsAndHTTPDates() {
        let now = Date(timeIntervalSince1970: 784_111_777)  // Sun, 06 Nov 1994 08:49:37 GMT
        #expect(RetryPolicy.parseRetryAfter("2", now: now) == .seconds(2))
        #expect(RetryPolicy.parseRetryAfter(" 0.5 ", now: now) == .milliseconds(500))
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(RetryPolicy.parseRetryAfter("Sun, 06 Nov 1994 08:49:00 GMT", now: now) == .zero)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter("-3", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter(nil, now: now) == nil)
    }
}
