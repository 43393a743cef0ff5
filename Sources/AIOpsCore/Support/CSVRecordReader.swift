internal import Foundation

/// Splits CSV bytes into records (RFC 4180): fields separated by commas, records by LF or CRLF,
/// fields optionally in double quotes with `""` for a quote inside. Empty lines are skipped.
/// Fields are byte ranges into the buffer, so reading allocates nothing per field.
///
/// The one CSV reader: Detection's metric tables, LogAnalysis's `CSVTable` and Evaluation's
/// `SeriesCSV` read through it, each wording its own errors from `SyntaxError`.
package struct CSVRecordReader {
    /// One field: `bytes[start..<end]`, the inside of the quotes for a quoted field;
    /// `hasEscapedQuotes` when it holds `""` pairs that stand for one quote each.
    package struct Field {
        var start: Int
        var end: Int
        var quoted: Bool
        var hasEscapedQuotes: Bool
    }

    /// A record that cannot be split, with the line the problem is on.
    package struct SyntaxError: Error {
        package enum Kind: Sendable { case unclosedQuote, textAfterClosingQuote }
        package var kind: Kind
        /// For `unclosedQuote`, the line the quote opens on.
        package var line: Int
        package var message: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// The 1-based line `position` is on.
    package private(set) var line = 1
    /// Where the last record read starts and ends (before its line break).
    private var recordRange = 0..<0

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the first column's name.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// Reads the next record's fields into `fields`; returns the line it starts on, or nil at the end.
    package mutating func next(into fields: inout [Field]) throws(SyntaxError) -> Int? {
        skipEmptyLines()
        guard position < bytes.count else { return nil }
        let recordLine = line
        let recordStart = position
        fields.removeAll(keepingCapacity: true)
        while true {
            fields.append(try field(recordLine: recordLine))
            recordRange = recordStart..<position
            guard position < bytes.count else { break }
            let byte = bytes[position]
            if byte == comma {
                position += 1
                continue
            }
            // A field always stops at a comma, a line end or the end of the buffer.
            position += byte == carriageReturn && position + 1 < bytes.count && bytes[position + 1] == lineFeed ? 2 : 1
            line += 1
            break
        }
        return recordLine
    }

    private mutating func skipEmptyLines() {
        while position < bytes.count {
            if bytes[position] == lineFeed {
                line += 1
                position += 1
            } else if bytes[position] == carriageReturn, position + 1 < bytes.count, bytes[position + 1] == lineFeed {
                line += 1
                position += 2
            } else {
                return
            }
        }
    }

    private mutating func field(recordLine: Int) throws(SyntaxError) -> Field {
        guard position < bytes.count, bytes[position] == quote else {
            let start = position
            while position < bytes.count {
                let byte = bytes[position]
                if byte == comma || byte == lineFeed || byte == carriageReturn { break }
                position += 1
            }
            return Field(start: start, end: position, quoted: false, hasEscapedQuotes: false)
        }
        let openingLine = line
        position += 1
        let start = position
        var escaped = false
        while true {
            guard position < bytes.count else {
                throw SyntaxError(kind: .unclosedQuote, line: openingLine, message: "a quoted field is never closed")
            }
            let byte = bytes[position]
            if byte == lineFeed { line += 1 }
            if byte != quote {
                position += 1
                continue
            }
            if position + 1 < bytes.count, bytes[position + 1] == quote {
                escaped = true
                position += 2
                continue
            }
            let end = position
            position += 1
            if position < bytes.count {
                let next = bytes[position]
                guard next == comma || next == lineFeed || next == carriageReturn else {
                    throw SyntaxError(
                        kind: .textAfterClosingQuote, line: line, message: "unexpected text after a closing quote")
                }
            }
            return Field(start: start, end: end, quoted: true, hasEscapedQuotes: escaped)
        }
    }

    /// The field's text, with `""` unescaped and surrounding spaces removed (or kept, when not
    /// `trimmed`).
    package func text(_ field: Field, trimmed trim: Bool = true) -> String {
        let (start, end) = trim ? trimmed(field) : (field.start, field.end)
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        return field.hasEscapedQuotes ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// The last record read as it stands in the file, quotes and all, for error messages.
    package var recordText: String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[recordRange]), as: UTF8.self)
    }

    /// The field's bytes without surrounding spaces and tabs.
    package func trimmedBytes(_ field: Field) -> UnsafeBufferPointer<UInt8> {
        let (start, end) = trimmed(field)
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    private func trimmed(_ field: Field) -> (Int, Int) {
        var start = field.start
        var end = field.end
        while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
        while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
        return (start, end)
    }
}

private let comma = UInt8(ascii: ",")
private let quote = UInt8(ascii: "\"")
private let lineFeed = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
