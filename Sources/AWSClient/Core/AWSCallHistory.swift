public import Foundation
import Synchronization

/// The AWS calls of this process that failed after every retry, by time: the status page's
/// "AWS errors in the last hour". Bounded: only the latest `capacity` failures are kept.
public enum AWSCallHistory {
    static let capacity = 10_000
    private static let failures = Mutex<[Date]>([])

    static func recordFailure(at date: Date = Date()) {
        failures.withLock { times in
            times.append(date)
            if times.count > capacity { times.removeFirst(times.count - capacity) }
        }
    }

    /// Failed calls in the hour before now (the status page's figure).
    @Sendable public static func lastHour() -> Int { failures(since: Date().addingTimeInterval(-3600)) }

    /// Failed calls at or after `date`.
    public static func failures(since date: Date) -> Int {
        failures.withLock { times in times.count { $0 >= date } }
    }
}
