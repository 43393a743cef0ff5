/// Finds the timestamp a log line starts with, so templates are mined from what the line says
/// rather than when: CloudWatch Logs carries each event's time already, and a leading
/// `2026-09-24 09:50:01.123 UTC` otherwise becomes `<*> <*>:<*>:<*> UTC` at the head of every
/// template a person reads.
///
/// Recognised at the start of a line, followed by whitespace or the end:
/// - ISO 8601 and its log variants: `2026-09-24T09:50:01Z`, `2026-09-24 09:50:01,123`,
///   `2026/09/24 09:50:01.123456+02:00`, optionally followed by a zone word (`UTC`, `GMT`, `Z`)
///   or offset (`+0000`);
/// - syslog: `Sep 24 09:50:01` (one or two-digit day);
/// - bracketed: `[2026-09-24 09:50:01]`, `[24/Sep/2026:09:50:01 +0000]` (Apache access),
///   `[Thu Sep 24 09:50:01 2026]` / `[Thu Sep 24 09:50:01.123456 2026]` (Apache error).
/// Anything else is left alone: a line never loses text that is not a timestamp.
public enum TimestampPrefix {
    /// The number of UTF-8 bytes of `line` taken by a leading timestamp and the whitespace after
    /// it; 0 when the line does not start with one.
    public static func length<Bytes: Collection<UInt8>>(of line: Bytes) -> Int {
        let bytes = Array(line.prefix(96))
        var scanner = Scanner(bytes: bytes)
        guard scanner.timestamp(), scanner.atBoundary else { return 0 }
        scanner.skipSpaces()
        return scanner.position
    }

    /// `line` without its leading timestamp; the line itself when it has none, or when nothing
    /// but the timestamp is there.
    public static func strip(_ line: String) -> Substring {
        let count = length(of: line[...].utf8)
        guard count > 0, count < line.utf8.count else { return line[...] }
        let start = line.utf8.index(line.utf8.startIndex, offsetBy: count)
        return line[start...]
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        var atBoundary: Bool { position == bytes.count || isSpace(bytes[position]) }

        mutating func timestamp() -> Bool {
            let start = position
            if accept(UInt8(ascii: "[")) {
                if (iso() || apacheAccess() || apacheError()) && accept(UInt8(ascii: "]")) { return true }
                position = start
                return false
            }
            if iso() || syslog() { return true }
            position = start
            return false
        }

        /// `2026-09-24[T ]09:50:01[.,fraction][Z|±hh[:]mm][ UTC]`.
        mutating func iso() -> Bool {
            let start = position
            guard digits(4), accept(UInt8(ascii: "-")) || accept(UInt8(ascii: "/")) else { return fail(start) }
            let separator = bytes[position - 1]
            guard digits(2), accept(separator), digits(2) else { return fail(start) }
            guard accept(UInt8(ascii: "T")) || accept(UInt8(ascii: " ")), clockTime() else { return fail(start) }
            zone()
            return true
        }

        /// `Sep 24 09:50:01` or `Sep  4 09:50:01`.
        mutating func syslog() -> Bool {
            let start = position
            guard month(), accept(UInt8(ascii: " ")) else { return fail(start) }
            _ = accept(UInt8(ascii: " "))
            guard digits(1...2), accept(UInt8(ascii: " ")), clockTime() else { return fail(start) }
            return true
        }

        /// `24/Sep/2026:09:50:01 +0000`.
        mutating func apacheAccess() -> Bool {
            let start = position
            guard digits(2), accept(UInt8(ascii: "/")), month(), accept(UInt8(ascii: "/")), digits(4),
                accept(UInt8(ascii: ":")), clockTime()
            else { return fail(start) }
            zone()
            return true
        }

        /// `Thu Sep 24 09:50:01[.fraction] 2026`.
        mutating func apacheError() -> Bool {
            let start = position
            guard letters(3), accept(UInt8(ascii: " ")), month(), accept(UInt8(ascii: " ")), digits(1...2),
                accept(UInt8(ascii: " ")), clockTime(), accept(UInt8(ascii: " ")), digits(4)
            else { return fail(start) }
            return true
        }

        /// `09:50:01` with an optional `.123` or `,123` fraction.
        mutating func clockTime() -> Bool {
            let start = position
            guard digits(2), accept(UInt8(ascii: ":")), digits(2), accept(UInt8(ascii: ":")), digits(2) else {
                return fail(start)
            }
            let beforeFraction = position
            if accept(UInt8(ascii: ".")) || accept(UInt8(ascii: ",")), !digits(1...9) { position = beforeFraction }
            return true
        }

        /// An optional `Z`, `±hh:mm`, `±hhmm`, then an optional ` UTC`/` GMT`/` Z`.
        mutating func zone() {
            if accept(UInt8(ascii: "Z")) { return }
            let start = position
            _ = accept(UInt8(ascii: " "))
            if accept(UInt8(ascii: "+")) || accept(UInt8(ascii: "-")) {
                if digits(4) { return }
                if digits(2), accept(UInt8(ascii: ":")), digits(2) { return }
            }
            position = start
            for word in ["UTC", "GMT", "Z"] {
                let mark = position
                if accept(UInt8(ascii: " ")), literal(word), atBoundary { return }
                position = mark
            }
        }

        mutating func month() -> Bool {
            for name in ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            where literal(name) {
                return true
            }
            return false
        }

        mutating func literal(_ word: String) -> Bool {
            let utf8 = Array(word.utf8)
            guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else {
                return false
            }
            position += utf8.count
            return true
        }

        mutating func letters(_ count: Int) -> Bool {
            let start = position
            for _ in 0..<count {
                guard position < bytes.count, (bytes[position] | 0x20) >= 0x61, (bytes[position] | 0x20) <= 0x7A else {
                    return fail(start)
                }
                position += 1
            }
            return true
        }

        mutating func digits(_ count: Int) -> Bool { digits(count...count) }

        /// Between `range.lowerBound` and `range.upperBound` ASCII digits, as many as there are.
        mutating func digits(_ range: ClosedRange<Int>) -> Bool {
            let start = position
            while position < bytes.count, position - start < range.upperBound, isDigit(bytes[position]) {
                position += 1
            }
            if position - start < range.lowerBound { return fail(start) }
            // More digits than the field holds: not this kind of timestamp.
            if position < bytes.count, isDigit(bytes[position]) { return fail(start) }
            return true
        }

        mutating func accept(_ byte: UInt8) -> Bool {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
            return true
        }

        mutating func skipSpaces() {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
        }

        mutating func fail(_ start: Int) -> Bool {
            position = start
            return false
        }

        private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    }
}
