/// Turns a line into masked, interned tokens, in one pass over its UTF-8 bytes with no regex and no
/// allocation once its buffers have grown.
///
/// Masking rules, in the order they apply while scanning:
/// - tokens are split on whitespace and on commas (`a=1,b=2` is two tokens);
/// - a double-quoted span, which may hold spaces and commas, becomes `"<*>"`;
/// - inside a token, the delimiters of `Bytes.isSegmentDelimiter` and runs of two or more dots
///   (`instruction......0`) cut segments, and a segment holding a digit becomes `<*>`: numbers,
///   hex ids, IPs, ports, versions, dates and block ids are masked while their keys (`uid=`) stay;
/// - a unit after a masked number (`5.2 KB`, `30 ms`) is part of the value and is dropped.
struct Tokenizer: Sendable {
    /// How a token is separated from the next one, kept to render templates like the source.
    struct Gap: OptionSet, Sendable {
        let rawValue: UInt8
        static let space = Gap(rawValue: 1)
        static let comma = Gap(rawValue: 2)
    }

    /// The token ids of the last line: the first `count` elements (the rest is spare capacity).
    private(set) var tokens: [Int32] = []
    /// The gap after each token of the last line (first `count` elements).
    private(set) var gaps: [Gap] = []
    /// The number of tokens of the last line.
    private(set) var count = 0
    private var scratch: [UInt8] = []
    /// The masking rules of `MinerConfiguration` that the tokenizer applies.
    var paths = false
    var calendar = false
    var unitsAfterAnyValue = false
    var quotedSpans = true
    var glueBrackets = false
    var digitSuffixWords = false

    init(configuration: MinerConfiguration = MinerConfiguration()) {
        paths = configuration.pathsAreValues
        calendar = configuration.calendarWordsAreValues
        unitsAfterAnyValue = configuration.unitsFollowAnyValue
        quotedSpans = configuration.quotedSpansAreValues
        glueBrackets = configuration.bracketSpacesAreNotSeparators
        digitSuffixWords = configuration.digitSuffixWords
    }

    mutating func tokenize(_ line: UnsafeBufferPointer<UInt8>, into table: inout TokenTable) {
        // A line of n bytes has at most n/2 + 1 tokens, and masking at most triples a token
        // (`1` → `<*>`), so these sizes make the unchecked writes below safe.
        let maxTokens = line.count / 2 + 2
        if tokens.count < maxTokens {
            tokens = [Int32](repeating: 0, count: maxTokens * 2)
            gaps = [Gap](repeating: [], count: maxTokens * 2)
        }
        if scratch.count < 3 * line.count + 8 { scratch = [UInt8](repeating: 0, count: 6 * line.count + 64) }
        var count = 0
        let rules = (
            paths: paths, calendar: calendar, quoted: quotedSpans, units: unitsAfterAnyValue, glue: glueBrackets,
            suffix: digitSuffixWords
        )
        tokens.withUnsafeMutableBufferPointer { tokens in
            gaps.withUnsafeMutableBufferPointer { gaps in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    let n = line.count
                    var i = 0
                    while i < n {
                        var gap: Gap = []
                        while i < n {
                            let c = line[i]
                            if c == UInt8(ascii: ",") {
                                gap.insert(.comma)
                            } else if Bytes.isSpace(c) {
                                gap.insert(.space)
                            } else {
                                break
                            }
                            i += 1
                        }
                        if count > 0 { gaps[count - 1].formUnion(gap) }
                        guard i < n else { break }
                        let rawStart = i
                        var length: Int
                        (i, length) = Self.scanToken(
                            line, from: i, into: scratch, paths: rules.paths, quoted: rules.quoted, glue: rules.glue,
                            suffix: rules.suffix)
                        if rules.calendar, Self.isCalendarWord(UnsafeBufferPointer(rebasing: scratch[0..<length])) {
                            length = Self.appendWildcard(scratch, at: 0)
                        }
                        if count > 0,
                            tokens[count - 1] == TokenTable.wildcard
                                || (rules.units && table.flags[Int(tokens[count - 1])].contains(.variable)),
                            Self.isUnit(UnsafeBufferPointer(rebasing: line[rawStart..<i]))
                        {
                            continue
                        }
                        tokens[count] = table.intern(UnsafeBufferPointer(rebasing: scratch[0..<length]))
                        gaps[count] = []
                        count += 1
                    }
                }
            }
        }
        self.count = count
    }

    /// Writes the masked form of the token starting at `start` into `out`; returns the token's end
    /// in `line` and the masked length.
    @inline(__always)
    private static func scanToken(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, into out: UnsafeMutableBufferPointer<UInt8>,
        paths: Bool, quoted: Bool, glue: Bool, suffix: Bool
    ) -> (end: Int, length: Int) {
        let n = line.count
        var i = start
        var length = 0
        var segmentStart = 0
        // `[ 1234.5678]`: the space after an opening bracket pads the value, it does not end a token.
        if glue, line[i] == UInt8(ascii: "[") || line[i] == UInt8(ascii: "("), i + 1 < n, Bytes.isSpace(line[i + 1]) {
            out[0] = line[i]
            length = 1
            segmentStart = 1
            i += 1
            while i < n, Bytes.isSpace(line[i]) { i += 1 }
        }
        var segmentHasDigit = false
        var separators = 0
        var scheme = false
        while i < n {
            let c = line[i]
            if !Bytes.isSpecial(c) {
                out[length] = c
                length += 1
                i += 1
                continue
            }
            if Bytes.isSpace(c) || c == UInt8(ascii: ",") { break }
            let cutsSegment =
                Bytes.isSegmentDelimiter(c) || (c == UInt8(ascii: ".") && i + 1 < n && line[i + 1] == UInt8(ascii: "."))
            guard cutsSegment else {
                if Bytes.isDigit(c) { segmentHasDigit = true }
                out[length] = c
                length += 1
                i += 1
                continue
            }
            if segmentHasDigit {
                if !(suffix && isDigitSuffixWord(out, segmentStart, length)) {
                    length = appendWildcard(out, at: segmentStart)
                }
                segmentHasDigit = false
            }
            if c == UInt8(ascii: "/") || c == UInt8(ascii: "\\") {
                separators += 1
                if c == UInt8(ascii: "/"), i > start, line[i - 1] == UInt8(ascii: ":"), i + 1 < n,
                    line[i + 1] == UInt8(ascii: "/")
                {
                    scheme = true
                }
            }
            if quoted, c == UInt8(ascii: "\""), let close = closingQuote(line, after: i) {
                out[length] = c
                length = appendWildcard(out, at: length + 1)
                out[length] = c
                length += 1
                i = close + 1
            } else if c == UInt8(ascii: ".") {
                while i < n, line[i] == UInt8(ascii: ".") { i += 1 }
                out[length] = c
                out[length + 1] = c
                length += 2
            } else {
                out[length] = c
                length += 1
                i += 1
            }
            segmentStart = length
        }
        if segmentHasDigit, !(suffix && isDigitSuffixWord(out, segmentStart, length)) {
            length = appendWildcard(out, at: segmentStart)
        }
        if paths, scheme || separators >= 2 { length = appendWildcard(out, at: 0) }
        return (i, length)
    }

    /// A name with one digit at its end (`SOCKS5`, `ssh2`, `HTTP2`): at least two letters, then the
    /// digit, nothing else. Such a digit names a kind or a version, not a value.
    @inline(__always)
    static func isDigitSuffixWord(_ out: UnsafeMutableBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        guard end - start >= 3, Bytes.isDigit(out[end - 1]) else { return false }
        for k in start..<(end - 1) where !Bytes.isLetter(out[k]) { return false }
        return true
    }

    /// A capitalised month or weekday name, short or long (`Jun`, `Mon`, `Tuesday`).
    static func isCalendarWord(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard token.count >= 3, token.count <= 9, token[0] &- 0x41 < 26 else { return false }
        for k in 1..<token.count where !Bytes.isLetter(token[k]) { return false }
        let short = UnsafeBufferPointer(rebasing: token[0..<3])
        var known = false
        for name in calendarNames where Bytes.matches(short, name) {
            known = true
            break
        }
        guard known else { return false }
        if token.count == 3 { return true }
        for name in calendarLongNames where Bytes.matches(token, name) { return true }
        return false
    }

    private static let calendarNames: [StaticString] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    ]
    private static let calendarLongNames: [StaticString] = [
        "january", "february", "march", "april", "june", "july", "august", "september", "sept", "october",
        "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    ]

    /// Writes `<*>` at `index`; returns the index after it.
    @inline(__always)
    static func appendWildcard(_ out: UnsafeMutableBufferPointer<UInt8>, at index: Int) -> Int {
        out[index] = UInt8(ascii: "<")
        out[index + 1] = UInt8(ascii: "*")
        out[index + 2] = UInt8(ascii: ">")
        return index + 3
    }

    private static func closingQuote(_ line: UnsafeBufferPointer<UInt8>, after open: Int) -> Int? {
        var k = open + 1
        while k < line.count {
            if line[k] == UInt8(ascii: "\"") { return k }
            k += 1
        }
        return nil
    }

    /// Size and duration units that follow a number (`93.0 B`, `5.2 KB`, `12 ms`).
    static func isUnit(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        switch token.count {
        case 1: return token[0] == UInt8(ascii: "B") || token[0] == UInt8(ascii: "b") || token[0] == UInt8(ascii: "s")
        case 2:
            return Bytes.matches(token, "kb") || Bytes.matches(token, "mb") || Bytes.matches(token, "gb")
                || Bytes.matches(token, "tb") || Bytes.matches(token, "ms") || Bytes.matches(token, "us")
                || Bytes.matches(token, "ns")
        case 3:
            return Bytes.matches(token, "kib") || Bytes.matches(token, "mib") || Bytes.matches(token, "gib")
                || Bytes.matches(token, "tib") || Bytes.matches(token, "sec") || Bytes.matches(token, "min")
        case 4: return Bytes.matches(token, "secs") || Bytes.matches(token, "mins")
        case 5: return Bytes.matches(token, "bytes")
        default: return false
        }
    }
}
