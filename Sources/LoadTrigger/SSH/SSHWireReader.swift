/// Reads the SSH wire encoding (RFC 4251 §5: `uint32`, `string`, `mpint`) from bytes, for the
/// OpenSSH key format; every read is bounds-checked, so a truncated file is an error, not a crash.
struct SSHWireReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset >= bytes.count }
    var remaining: Int { bytes.count - offset }

    /// Thrown when a field runs past the end of the data.
    struct Truncated: Error {}

    mutating func readBytes(_ count: Int) throws(Truncated) -> [UInt8] {
        guard count >= 0, count <= remaining else { throw Truncated() }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func readUInt32() throws(Truncated) -> UInt32 {
        let raw = try readBytes(4)
        return raw.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// A length-prefixed byte string.
    mutating func readString() throws(Truncated) -> [UInt8] {
        let length = try readUInt32()
        guard length <= UInt32(remaining) else { throw Truncated() }
        return try readBytes(Int(length))
    }

    /// A length-prefixed string read as UTF-8 (names of algorithms, ciphers, comments).
    mutating func readText() throws(Truncated) -> String {
        String(decoding: try readString(), as: UTF8.self)
    }
}
