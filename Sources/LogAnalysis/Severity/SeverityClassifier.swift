public import AIOpsCore

/// Classifies the severity of a log line from its text.
///
/// First an explicit level: a syslog priority `<N>` at the start; a level word near the start
/// (`ERROR`, `Warn`, `[error]`, `level=error`, `"level":"warn"`, `severity: CRITICAL`); an
/// Android-style single letter after the pid/tid (`1702 2395 E Tag:`) or before a tag (`E/Tag`).
/// Failing that, the wording: `panic`, `segfault`, `OutOfMemoryError`, `Killed process` are fatal;
/// `exception`, `Traceback`, `failed`, `refused`, `timed out` are errors; `warning`, `deprecated`,
/// `retrying` are warnings. A line with neither is `info`.
public enum SeverityClassifier {
    /// How many leading words may hold an explicit level (timestamps, hosts and pids come first).
    static let levelWindow = 12

    public static func level(of line: String) -> LogLevel {
        var line = line
        return line.withUTF8 { level(utf8: $0) }
    }

    public static func level(utf8 line: UnsafeBufferPointer<UInt8>) -> LogLevel {
        if let level = syslogPriority(line) ?? explicitLevel(line) { return level }
        return wordingLevel(line)
    }

    /// `<PRI>` at the very start (RFC 3164 / 5424): the severity is PRI mod 8.
    static func syslogPriority(_ line: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        guard line.count >= 3, line[0] == UInt8(ascii: "<") else { return nil }
        var value = 0
        var i = 1
        while i < line.count, i <= 4, Bytes.isDigit(line[i]) {
            value = value * 10 + Int(line[i] - 0x30)
            i += 1
        }
        guard i > 1, i < line.count, line[i] == UInt8(ascii: ">"), value <= 191 else { return nil }
        switch value % 8 {
        case 0, 1, 2: return .fatal
        case 3: return .error
        case 4: return .warn
        case 5, 6: return .info
        default: return .debug
        }
    }

    /// A level word among the first words, written as a level is written: upper case, capitalised,
    /// bracketed, or after a `level`/`severity` key. A lower-case `error` in prose is wording.
    static func explicitLevel(_ line: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        var words = Words(line)
        var previous: Words.Word?
        var index = 0
        while index < levelWindow, let word = words.next() {
            defer {
                previous = word
                index += 1
            }
            let text = UnsafeBufferPointer(rebasing: line[word.range])
            if text.count == 1, let level = androidLevel(text[0]), isAndroidContext(line, word, previous) {
                return level
            }
            guard let level = levelWord(text) else { continue }
            let keyed = previous.map { isLevelKey(UnsafeBufferPointer(rebasing: line[$0.range])) } ?? false
            if keyed || word.bracketed || isUpper(text) || isCapitalised(text) { return level }
        }
        return nil
    }

    /// `V D I W E F A` as logcat writes them.
    static func androidLevel(_ c: UInt8) -> LogLevel? {
        switch c {
        case UInt8(ascii: "V"), UInt8(ascii: "D"): .debug
        case UInt8(ascii: "I"): .info
        case UInt8(ascii: "W"): .warn
        case UInt8(ascii: "E"): .error
        case UInt8(ascii: "F"), UInt8(ascii: "A"): .fatal
        default: nil
        }
    }

    /// A single letter counts as a level after a number (threadtime: `pid tid L tag:`) or when
    /// followed by `/` (brief: `E/Tag(123):`), so the English `I` does not.
    private static func isAndroidContext(
        _ line: UnsafeBufferPointer<UInt8>, _ word: Words.Word, _ previous: Words.Word?
    ) -> Bool {
        let end = word.range.upperBound
        if word.range.lowerBound == 0 || previous == nil {
            return end < line.count && line[end] == UInt8(ascii: "/")
        }
        guard let previous else { return false }
        let before = UnsafeBufferPointer(rebasing: line[previous.range])
        return !before.isEmpty && before.allSatisfy(Bytes.isDigit)
            && end < line.count && (Bytes.isSpace(line[end]) || line[end] == UInt8(ascii: "/"))
    }

    static func levelWord(_ word: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        switch word.count {
        case 3:
            if Bytes.matches(word, "err") { return .error }
            if Bytes.matches(word, "dbg") { return .debug }
            if Bytes.matches(word, "inf") { return .info }
            if Bytes.matches(word, "wrn") { return .warn }
        case 4:
            if Bytes.matches(word, "warn") { return .warn }
            if Bytes.matches(word, "info") { return .info }
            if Bytes.matches(word, "crit") { return .fatal }
        case 5:
            if Bytes.matches(word, "error") { return .error }
            if Bytes.matches(word, "fatal") { return .fatal }
            if Bytes.matches(word, "debug") { return .debug }
            if Bytes.matches(word, "trace") { return .debug }
            if Bytes.matches(word, "alert") { return .fatal }
            if Bytes.matches(word, "panic") { return .fatal }
            if Bytes.matches(word, "emerg") { return .fatal }
        case 6:
            if Bytes.matches(word, "notice") { return .info }
            if Bytes.matches(word, "severe") { return .error }
        case 7:
            if Bytes.matches(word, "warning") { return .warn }
            if Bytes.matches(word, "verbose") { return .debug }
        case 8:
            if Bytes.matches(word, "critical") { return .fatal }
        case 9:
            if Bytes.matches(word, "emergency") { return .fatal }
        default: break
        }
        return nil
    }

    private static func isLevelKey(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        Bytes.matches(word, "level") || Bytes.matches(word, "severity") || Bytes.matches(word, "loglevel")
            || Bytes.matches(word, "lvl") || Bytes.matches(word, "levelname")
    }

    private static func isUpper(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        word.allSatisfy { !Bytes.isLetter($0) || $0 < 0x61 }
    }

    private static func isCapitalised(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = word.first, first &- 0x41 < 26 else { return false }
        return word.dropFirst().allSatisfy { $0 &- 0x61 < 26 }
    }
}
