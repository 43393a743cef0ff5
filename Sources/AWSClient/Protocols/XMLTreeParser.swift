/// A recursive-descent parser over UTF-8 bytes; see `XMLTree`.
struct XMLTreeParser {
    private let bytes: [UInt8]
    private var index = 0
    /// Deep nesting is refused rather than allowed to exhaust the stack.
    private let maximumDepth = 256

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> XMLTree {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        try skipMisc()
        guard peek() == UInt8(ascii: "<") else { throw error("expected the root element") }
        let root = try parseElement(depth: 0)
        try skipMisc()
        guard index == bytes.count else { throw error("content after the root element") }
        return root
    }

    /// Skips white space, comments, processing instructions and a doctype between elements.
    private mutating func skipMisc() throws {
        while true {
            skipWhitespace()
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<!DOCTYPE") {
                try skip(past: ">")
            } else {
                return
            }
        }
    }

    private mutating func parseElement(depth: Int) throws -> XMLTree {
        guard depth < maximumDepth else { throw error("elements nested too deeply") }
        index += 1  // <
        var element = XMLTree(name: try parseName())
        while true {
            skipWhitespace()
            guard let byte = peek() else { throw error("unterminated tag <\(element.name)>") }
            if byte == UInt8(ascii: "/") {
                guard starts(with: "/>") else { throw error("expected />") }
                index += 2
                return element
            }
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            let name = try parseName()
            skipWhitespace()
            guard peek() == UInt8(ascii: "=") else { throw error("expected = after attribute \(name)") }
            index += 1
            skipWhitespace()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw error("expected a quoted value for attribute \(name)")
            }
            index += 1
            let start = index
            while let b = peek(), b != quote { index += 1 }
            guard peek() == quote else { throw error("unterminated attribute \(name)") }
            element.attributes[name] = try decodeEntities(bytes[start..<index])
            index += 1
        }
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error("<\(element.name)> is not closed") }
            if byte != UInt8(ascii: "<") {
                let start = index
                while let b = peek(), b != UInt8(ascii: "<") { index += 1 }
                text += Array(try decodeEntities(bytes[start..<index]).utf8)
            } else if starts(with: "</") {
                index += 2
                let name = try parseName()
                guard name == element.name else { throw error("</\(name)> closes <\(element.name)>") }
                skipWhitespace()
                guard peek() == UInt8(ascii: ">") else { throw error("expected > after </\(name)") }
                index += 1
                element.text = String(decoding: text, as: UTF8.self)
                return element
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                text += bytes[start..<(index - 3)]
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else {
                element.children.append(try parseElement(depth: depth + 1))
            }
        }
    }

    private mutating func parseName() throws -> String {
        let start = index
        while let b = peek(), !isWhitespace(b), b != UInt8(ascii: ">"), b != UInt8(ascii: "/"),
            b != UInt8(ascii: "="), b != UInt8(ascii: "<")
        {
            index += 1
        }
        guard index > start else { throw error("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private func decodeEntities(_ slice: ArraySlice<UInt8>) throws -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        var i = slice.startIndex
        while i < slice.endIndex {
            guard slice[i] == UInt8(ascii: "&") else {
                out.append(slice[i])
                i += 1
                continue
            }
            guard let semicolon = slice[i...].firstIndex(of: UInt8(ascii: ";")), semicolon - i <= 12 else {
                throw Self.malformed("unterminated entity", at: i)
            }
            let entity = String(decoding: slice[(i + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                let scalar: UInt32? =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst(), radix: 10) : nil
                guard let scalar, let unicode = Unicode.Scalar(scalar) else {
                    throw Self.malformed("unknown entity &\(entity);", at: i)
                }
                out += Array(String(Character(unicode)).utf8)
            }
            i = semicolon + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private func starts(with literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
        }
    }

    private mutating func skip(past literal: StaticString) throws {
        while index < bytes.count {
            if starts(with: literal) {
                index += literal.utf8CodeUnitCount
                return
            }
            index += 1
        }
        throw error("expected \(literal)")
    }

    private mutating func skipWhitespace() {
        while let b = peek(), isWhitespace(b) { index += 1 }
    }

    private func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private func error(_ message: String) -> AWSError { Self.malformed(message, at: index) }

    /// Why a reply is not the XML it should be: an `invalidResponse` that names the byte.
    private static func malformed(_ message: String, at offset: Int) -> AWSError {
        AWSError(.invalidResponse, "malformed XML at byte \(offset): \(message)")
    }
}
