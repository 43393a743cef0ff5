import Crypto
public import Foundation

/// What the signature says about the body: its SHA-256, or that it is not signed.
public enum PayloadHash: Sendable, Hashable {
    /// The body is covered by the signature.
    case signed(hex: String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered (only S3 and a few streaming APIs accept this).
    case unsigned

    /// The hash of an empty body.
    public static let empty = PayloadHash.of(Data())

    /// Hashes `body`.
    public static func of(_ body: some DataProtocol) -> PayloadHash {
        .signed(hex: SHA256.hash(data: body).hexString)
    }

    /// The value for the canonical request and `X-Amz-Content-SHA256`.
    public var value: String {
        switch self {
        case .signed(let hex): hex
        case .unsigned: "UNSIGNED-PAYLOAD"
        }
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex, as SigV4 writes hashes and signatures.
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
