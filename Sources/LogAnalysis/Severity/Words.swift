/// Iterates over the words (runs of ASCII letters, digits and non-ASCII bytes) of a line, noting
/// whether a word sits in brackets (`[error]`, `<warn>`).
struct Words {
    struct Word: Equatable {
        var range: Range<Int>
        var bracketed: Bool
    }

    private let line: UnsafeBufferPointer<UInt8>
    private var position = 0

    init(_ line: UnsafeBufferPointer<UInt8>) { self.line = line }

    mutating func next() -> Word? {
        let n = line.count
        while position < n, !Self.isWordByte(line[position]) { position += 1 }
        guard position < n else { return nil }
        let start = position
        while position < n, Self.isWordByte(line[position]) { position += 1 }
        let before = start > 0 ? line[start - 1] : 0
        let after = position < n ? line[position] : 0
        let bracketed =
            (before == UInt8(ascii: "[") && after == UInt8(ascii: "]"))
            || (before == UInt8(ascii: "<") && after == UInt8(ascii: ">"))
            || (before == UInt8(ascii: "(") && after == UInt8(ascii: ")"))
        return Word(range: start..<position, bracketed: bracketed)
    }

    @inline(__always) static func isWordByte(_ c: UInt8) -> Bool {
        Bytes.isLetter(c) || Bytes.isDigit(c) || c >= 0x80 || c == UInt8(ascii: "_")
    }
}
