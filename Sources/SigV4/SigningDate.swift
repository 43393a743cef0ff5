public import Foundation

/// The two renderings of a signing time that SigV4 uses, in UTC, without a formatter or a locale.
public struct SigningDate: Sendable, Hashable {
    /// `yyyyMMdd'T'HHmmss'Z'`, the `X-Amz-Date` header.
    public let timestamp: String
    /// `yyyyMMdd`, the first part of the credential scope.
    public let day: String

    public init(_ date: Date) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, dayOfMonth) = Self.civil(fromDays: days)
        let day = Self.pad(year, 4) + Self.pad(month, 2) + Self.pad(dayOfMonth, 2)
        let time =
            Self.pad(secondOfDay / 3600, 2) + Self.pad(secondOfDay % 3600 / 60, 2) + Self.pad(secondOfDay % 60, 2)
        self.day = day
        self.timestamp = day + "T" + time + "Z"
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
