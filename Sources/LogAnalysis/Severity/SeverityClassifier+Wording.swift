import AIOpsCore

extension SeverityClassifier {
    /// The most severe wording of the line: words are compared case-insensitively, a word ending in
    /// `exception` or `error` (`NullPointerException`, `IOError`) is an error, and a negated or
    /// zero count (`no errors`, `0 failed`, `errors=0`) is not.
    static func wordingLevel(_ line: UnsafeBufferPointer<UInt8>) -> LogLevel {
        var words = Words(line)
        var worst = LogLevel.info
        var previous: Range<Int>?
        var beforePrevious: Range<Int>?
        while let word = words.next() {
            defer {
                beforePrevious = previous
                previous = word.range
            }
            let text = UnsafeBufferPointer(rebasing: line[word.range])
            guard text.count >= 3, let keyword = keywordLevel(text) else { continue }
            let before = previous.map { UnsafeBufferPointer(rebasing: line[$0]) }
            let twoBefore = beforePrevious.map { UnsafeBufferPointer(rebasing: line[$0]) }
            guard let level = inContext(keyword, text, before, twoBefore), !isNegated(line, word.range, before)
            else { continue }
            worst = max(worst, level)
            if worst == .fatal { break }
        }
        return worst
    }

    private static func keywordLevel(_ word: UnsafeBufferPointer<UInt8>) -> LogLevel? {
        for (keyword, level) in keywords where Bytes.matches(word, keyword) { return level }
        if word.count > 5, hasSuffix(word, "exception") || hasSuffix(word, "error") || hasSuffix(word, "errors") {
            return hasSuffix(word, "outofmemoryerror") ? .fatal : .error
        }
        return nil
    }

    /// Words whose weight depends on the words before them: `out of memory`, `core dumped` and
    /// `Killed process` (the OOM killer) are fatal; `memory` or `dumped` alone say nothing.
    private static func inContext(
        _ level: LogLevel, _ word: UnsafeBufferPointer<UInt8>, _ before: UnsafeBufferPointer<UInt8>?,
        _ twoBefore: UnsafeBufferPointer<UInt8>?
    ) -> LogLevel? {
        if Bytes.matches(word, "memory") {
            guard let before, let twoBefore, Bytes.matches(before, "of"), Bytes.matches(twoBefore, "out") else {
                return nil
            }
            return .fatal
        }
        if Bytes.matches(word, "dumped") {
            guard let before, Bytes.matches(before, "core") else { return nil }
            return .fatal
        }
        if Bytes.matches(word, "process"), let before, Bytes.matches(before, "killed") { return .fatal }
        return level
    }

    private static func isNegated(
        _ line: UnsafeBufferPointer<UInt8>, _ word: Range<Int>, _ before: UnsafeBufferPointer<UInt8>?
    ) -> Bool {
        if let before {
            if Bytes.matches(before, "no") || Bytes.matches(before, "zero") || Bytes.matches(before, "without")
                || Bytes.matches(before, "non") || (before.count == 1 && before[0] == UInt8(ascii: "0"))
            {
                return true
            }
        }
        // `errors=0`, `failed: 0`
        var i = word.upperBound
        guard i < line.count, line[i] == UInt8(ascii: "=") || line[i] == UInt8(ascii: ":") else { return false }
        i += 1
        while i < line.count, line[i] == UInt8(ascii: " ") { i += 1 }
        guard i < line.count, line[i] == UInt8(ascii: "0") else { return false }
        return i + 1 == line.count || !Bytes.isDigit(line[i + 1]) && line[i + 1] != UInt8(ascii: ".")
    }

    private static func hasSuffix(_ word: UnsafeBufferPointer<UInt8>, _ suffix: StaticString) -> Bool {
        let n = suffix.utf8CodeUnitCount
        guard word.count >= n else { return false }
        let literal = suffix.utf8Start
        for k in 0..<n where Bytes.lower(word[word.count - n + k]) != literal[k] { return false }
        return true
    }

    private static let keywords: [(StaticString, LogLevel)] = [
        ("panic", .fatal), ("panicked", .fatal), ("segfault", .fatal), ("segmentation", .fatal),
        ("fatal", .fatal), ("oom", .fatal), ("dumped", .fatal), ("memory", .fatal), ("process", .info),
        ("error", .error), ("errors", .error), ("exception", .error), ("traceback", .error), ("failed", .error),
        ("failure", .error), ("fail", .error), ("fails", .error), ("refused", .error), ("denied", .error),
        ("timeout", .error), ("timed", .error), ("unreachable", .error), ("unable", .error), ("cannot", .error),
        ("abort", .error), ("aborted", .error), ("aborting", .error), ("crash", .error), ("crashed", .error),
        ("killed", .error), ("critical", .error), ("unhealthy", .error),
        ("warn", .warn), ("warning", .warn), ("deprecated", .warn), ("retry", .warn), ("retrying", .warn),
        ("degraded", .warn), ("slow", .warn),
    ]
}
