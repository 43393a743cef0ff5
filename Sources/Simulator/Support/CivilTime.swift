import AIOpsCore
import Foundation

/// A UTC instant broken into calendar fields, and the timestamp formats real services write.
///
/// Written by hand because the log generator formats thousands of timestamps per simulated
/// minute, and Foundation's formatters are far slower and locale-dependent.
struct CivilTime {
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int
    /// 0 = Sunday … 6 = Saturday.
    var weekday: Int

    init(_ date: Date) { self.init(epochMilliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded(.down))) }

    init(epochMilliseconds ms: Int64) {
        let totalSeconds = Int(ms >= 0 ? ms / 1000 : (ms - 999) / 1000)
        millisecond = Int(ms - Int64(totalSeconds) * 1000)
        var days = totalSeconds / 86_400
        var secondsOfDay = totalSeconds % 86_400
        if secondsOfDay < 0 {
            secondsOfDay += 86_400
            days -= 1
        }
        hour = secondsOfDay / 3600
        minute = secondsOfDay % 3600 / 60
        second = secondsOfDay % 60
        weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday
        (year, month, day) = Timestamp.civil(fromDays: days)
    }

    private static let monthNames = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private var date: String { "\(year)-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }
    private var clock: String { "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))" }
    private var millis: String { Self.pad(millisecond, 3) }

    /// `2026-11-25 14:02:11.123` (Spring Boot, PostgreSQL).
    var iso: String { "\(date) \(clock).\(millis)" }
    /// `2026-11-25 14:02:11,123` (Python logging, Celery).
    var python: String { "\(date) \(clock),\(millis)" }
    /// `2026-11-25T14:02:11.123+0000` (JVM unified logging).
    var jvm: String { "\(date)T\(clock).\(millis)+0000" }
    /// `2026-11-25 14:02:11` (amazon-ssm-agent).
    var plain: String { "\(date) \(clock)" }
    /// `25/Nov/2026:14:02:11 +0000` (nginx access log).
    var nginxAccess: String { "\(Self.pad(day, 2))/\(Self.monthNames[month - 1])/\(year):\(clock) +0000" }
    /// `2026/11/25 14:02:11` (nginx error log).
    var nginxError: String { "\(year)/\(Self.pad(month, 2))/\(Self.pad(day, 2)) \(clock)" }
    /// `Nov 25 14:02:11` (syslog; the day is space-padded).
    var syslog: String {
        let dayText = day < 10 ? " \(day)" : "\(day)"
        return "\(Self.monthNames[month - 1]) \(dayText) \(clock)"
    }
}
