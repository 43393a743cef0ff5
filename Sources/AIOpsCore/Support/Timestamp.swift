public import Foundation

/// A fast, allocation-free parser for the timestamps in metric CSVs and API parameters.
public enum Timestamp {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fraction]]`, and
    /// an optional zone `Z`, `±HH:MM` or `±HHMM`. No zone means UTC. Returns nil for anything else,
    /// including out-of-range fields.
    public static func parse(_ text: Substring) -> Date? {
        var utf8 = Array(text.utf8)
        while let last = utf8.last, last == 0x20 || last == 0x09 || last == 0x0D { utf8.removeLast() }
        var start = 0
        while start < utf8.count, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
        return utf8.withUnsafeBufferPointer { parse(bytes: UnsafeBufferPointer(rebasing: $0[start...])) }
    }

    /// Parses from raw UTF-8 bytes (see `parse(_:)`).
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        let n = bytes.count
        func digits(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var value = 0
            for k in 0..<count {
                let c = bytes[i + k]
                guard c >= 0x30, c <= 0x39 else { return nil }
                value = value * 10 + Int(c - 0x30)
            }
            i += count
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < n, bytes[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0.0
        var offset = 0
        if i < n {
            guard bytes[i] == 0x54 || bytes[i] == 0x20 || bytes[i] == 0x74 else { return nil }
            i += 1
            guard let h = digits(2), expect(0x3A), let m = digits(2) else { return nil }
            hour = h
            minute = m
            if expect(0x3A) {
                guard let s = digits(2) else { return nil }
                second = s
                if i < n, bytes[i] == 0x2E || bytes[i] == 0x2C {
                    i += 1
                    var scale = 0.1
                    let before = i
                    while i < n, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                        fraction += Double(bytes[i] - 0x30) * scale
                        scale /= 10
                        i += 1
                    }
                    guard i > before else { return nil }
                }
            }
            guard hour < 24, minute < 60, second < 61 else { return nil }
            if i < n {
                let c = bytes[i]
                if c == 0x5A || c == 0x7A {
                    i += 1
                } else if c == 0x2B || c == 0x2D {
                    i += 1
                    guard let oh = digits(2) else { return nil }
                    _ = expect(0x3A)
                    guard let om = digits(2), oh < 24, om < 60 else { return nil }
                    offset = (oh * 3600 + om * 60) * (c == 0x2B ? 1 : -1)
                } else {
                    return nil
                }
            }
            guard i == n else { return nil }
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`):
    /// for the writers that format many timestamps without a formatter or a locale.
    @inlinable
    public static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
