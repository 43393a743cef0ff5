public import Foundation

/// ISO 8601 formatting and parsing that accepts what people and AWS write.
public enum ISO8601 {
    /// `2026-11-25T14:02:00Z`, or with milliseconds when the date has them.
    public static func string(from date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        let wholeSeconds = millis.truncatingRemainder(dividingBy: 1000) == 0
        return wholeSeconds
            ? date.formatted(.iso8601)
            : date.formatted(
                .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }

    /// Parses `2026-11-25T14:02:00Z`, `…T14:02:00.123Z`, `…T14:02:00+01:00`, `2026-11-25 14:02:00`
    /// (UTC, as in NAB files) and `2026-11-25` (midnight UTC).
    public static func date(from text: String) -> Date? {
        Timestamp.parse(Substring(text))
    }
}
