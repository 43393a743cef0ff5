/// Byte classes of the tokenizer and the severity classifier (ASCII; other UTF-8 bytes are letters).
enum Bytes {
    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C
    }

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c &- 0x41 < 26 ? c | 0x20 : c }

    /// Punctuation that ends a word without being part of it (`done.`, `failed:`).
    @inline(__always) static func isTrailingPunctuation(_ c: UInt8) -> Bool {
        c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F
    }

    /// Characters that split a token into segments: `= : ( ) [ ] { } " ' < > | @ / \ ;`. A
    /// segment holding a digit is masked on its own, so `uid=10037` becomes `uid=<*>` and keeps its key.
    @inline(__always) static func isSegmentDelimiter(_ c: UInt8) -> Bool {
        if c < 64 { return (0x7c00_8384_0000_0000 as UInt64) >> UInt64(c) & 1 == 1 }
        if c < 128 { return (0x3800_0000_3800_0001 as UInt64) >> UInt64(c - 64) & 1 == 1 }
        return false
    }

    /// Any byte the tokenizer must look at twice: whitespace, comma, dot, digit or segment delimiter.
    /// Everything else (letters, most punctuation, non-ASCII) is copied as is.
    @inline(__always) static func isSpecial(_ c: UInt8) -> Bool {
        if c < 64 { return (0x7fff_d385_0000_3e00 as UInt64) >> UInt64(c) & 1 == 1 }
        if c < 128 { return (0x3800_0000_3800_0001 as UInt64) >> UInt64(c - 64) & 1 == 1 }
        return false
    }

    /// `true`, `false`, `yes`, `no` in any case.
    static func isBoolean(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        switch word.count {
        case 2: return matches(word, "no")
        case 3: return matches(word, "yes")
        case 4: return matches(word, "true")
        case 5: return matches(word, "false")
        default: return false
        }
    }

    /// Case-insensitive equality with an ASCII lowercase literal.
    static func matches(_ word: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard word.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for k in 0..<word.count where lower(word[k]) != literal[k] { return false }
        return true
    }
}
