import Foundation
import Logging
import Synchronization

/// The offset between AWS's clock and ours, learned from a clock-skew reply's `Date` header and
/// added to the signing time from then on (as the AWS SDKs do).
final class ClockSkew: Sendable {
    private let offset = Mutex<TimeInterval>(0)

    func corrected(_ date: Date) -> Date { date.addingTimeInterval(offset.withLock { $0 }) }
    var seconds: TimeInterval { offset.withLock { $0 } }
    func set(_ seconds: TimeInterval) { offset.withLock { $0 = seconds } }
}

/// What one call has already done to recover: each fix is tried once.
struct ReplyRecovery {
    var refreshedCredentials = false
    var correctedClock = false
}

extension AWSRequestExecutor {
    /// Codes AWS answers when the session token has expired (or was revoked) before the
    /// credentials' own expiry: new credentials are fetched.
    static let expiredTokenCodes: Set<String> = [
        "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired",
    ]
    /// Codes AWS answers when the request's signing time is too far from its clock.
    static let clockSkewCodes: Set<String> = [
        "RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture", "InvalidSignatureException",
        "SignatureDoesNotMatch", "AuthFailure",
    ]

    /// True when `failure` says the signing time is off: a skew code, and for the codes that also
    /// mean other things (a wrong key), a message that says the signature expired or is not yet valid.
    static func isClockSkew(_ failure: AWSError) -> Bool {
        let code = failure.code.rawValue
        guard clockSkewCodes.contains(code) else { return false }
        if ["RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"].contains(code) { return true }
        let message = failure.message.lowercased()
        return message.contains("signature expired") || message.contains("signature not yet current")
            || message.contains("skew")
    }

    /// Fixes what `failure` says is wrong with the credentials or the clock; true when the call
    /// should be sent again at once.
    func recover(from failure: AWSError, replyDate: Date?, state: inout ReplyRecovery, logger: Logger) async
        -> Bool
    {
        var again = false
        if !state.refreshedCredentials, Self.expiredTokenCodes.contains(failure.code.rawValue) {
            state.refreshedCredentials = true
            await credentialProvider.invalidate()
            logger.info(
                "AWS said the credentials expired: fetching new ones and retrying once",
                metadata: ["aws.error-code": "\(failure.code)", "aws.request-id": "\(failure.requestID ?? "-")"])
            again = true
        }
        if !state.correctedClock, Self.isClockSkew(failure), let replyDate {
            state.correctedClock = true
            let offset = replyDate.timeIntervalSince(now())
            // The Date header has a resolution of a second: a smaller difference is not the cause.
            if abs(offset - skew.seconds) >= 1 {
                skew.set(offset)
                logger.warning(
                    "the local clock is off from AWS's: signing with AWS's time and retrying once",
                    metadata: ["aws.error-code": "\(failure.code)", "aws.clock-offset-s": "\(Int(offset.rounded()))"])
                again = true
            }
        }
        return again
    }
}
