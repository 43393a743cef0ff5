public import AIOpsCore

/// Reads the values a line gave a template's variables, and counts them over many lines.
public enum TemplateValues {
    /// Most distinct values counted per variable; past it new values are only counted as distinct.
    static let maxDistinct = 1_000
    /// Values listed per variable, most frequent first.
    static let listed = 3

    /// The text each `<*>` of `template` stands for in `line`, in order, or nil when the line does
    /// not fit the template (runs of whitespace compare equal; a value is never empty).
    public static func values(in line: Substring, template: String) -> [Substring]? {
        let pieces = template.components(separatedBy: "<*>").map { Array($0.utf8) }
        let bytes = Array(line.utf8)
        guard let first = pieces.first, var at = match(first, in: bytes, at: 0) else { return nil }
        var values: [Substring] = []
        for piece in pieces.dropFirst() {
            let valueStart = at
            var found: (start: Int, end: Int)?
            if piece.isEmpty {
                // A trailing wildcard takes the rest; one followed directly by another (never
                // rendered) takes a token.
                found = (bytes.count, bytes.count)
            } else {
                var k = valueStart + 1
                while k <= bytes.count {
                    if let end = match(piece, in: bytes, at: k) {
                        found = (k, end)
                        break
                    }
                    k += 1
                }
            }
            guard let (start, end) = found, start > valueStart else { return nil }
            values.append(substring(line, bytes: valueStart..<start))
            at = end
        }
        let rest = bytes[at...].allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        return rest ? values : nil
    }

    /// Counts the values of `template`'s variables over `lines`: per variable, the most frequent.
    public static func count(_ lines: some Sequence<Substring>, template: String) -> [Finding.VariableValues] {
        var tallies: [[Substring: Int]] = []
        var overflow: [Int] = []
        for line in lines {
            guard let values = values(in: line, template: template) else { continue }
            if tallies.isEmpty {
                tallies = Array(repeating: [:], count: values.count)
                overflow = Array(repeating: 0, count: values.count)
            }
            for (k, value) in values.enumerated() where k < tallies.count {
                let trimmed = trim(value)
                if tallies[k][trimmed] != nil || tallies[k].count < maxDistinct {
                    tallies[k][trimmed, default: 0] += 1
                } else {
                    overflow[k] += 1
                }
            }
        }
        return tallies.enumerated().map { position, tally in
            let top = tally.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(listed)
            return Finding.VariableValues(
                position: position, top: top.map { Finding.ValueCount(value: String($0.key), count: $0.value) },
                distinct: tally.count + (overflow[position] > 0 ? 1 : 0))
        }
    }

    /// A value without the punctuation that ends its sentence (`30000ms.` → `30000ms`).
    private static func trim(_ value: Substring) -> Substring {
        var value = value
        while let last = value.last, ".,;:".contains(last), value.count > 1 { value = value.dropLast() }
        return value
    }

    /// Where `piece` ends if it matches `bytes` at `start` (whitespace runs in either compare equal).
    private static func match(_ piece: [UInt8], in bytes: [UInt8], at start: Int) -> Int? {
        var i = 0
        var j = start
        while i < piece.count {
            if isSpace(piece[i]) {
                guard j < bytes.count, isSpace(bytes[j]) else {
                    // A rendered gap may stand for a comma with no space after it.
                    if i > 0, piece[i - 1] == UInt8(ascii: ",") {
                        while i < piece.count, isSpace(piece[i]) { i += 1 }
                        continue
                    }
                    return nil
                }
                while i < piece.count, isSpace(piece[i]) { i += 1 }
                while j < bytes.count, isSpace(bytes[j]) { j += 1 }
                continue
            }
            guard j < bytes.count, bytes[j] == piece[i] else { return nil }
            i += 1
            j += 1
        }
        return j
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    private static func substring(_ line: Substring, bytes range: Range<Int>) -> Substring {
        let utf8 = line.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let upper = utf8.index(lower, offsetBy: range.count)
        return line[lower..<upper]
    }
}
