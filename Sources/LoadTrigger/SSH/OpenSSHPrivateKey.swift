import Crypto
import Foundation
import NIOSSH

/// A private key read from an OpenSSH key file (`-----BEGIN OPENSSH PRIVATE KEY-----`, what
/// `ssh-keygen` writes): Ed25519 and ECDSA P-256, unencrypted. Other keys get an error that
/// says which keys work and how to make one.
package struct OpenSSHPrivateKey: Sendable {
    /// The key, as NIOSSH signs with it.
    let key: NIOSSHPrivateKey
    /// The SSH name of its algorithm, e.g. `ssh-ed25519`.
    package let algorithm: String
    /// The comment stored with the key (often `user@host`).
    package let comment: String

    /// The public half as `ssh` writes it (`type base64`), as in authorized_keys.
    package var publicKey: String { String(openSSHPublicKey: key.publicKey) }

    static let supported = "Ed25519 and ECDSA P-256 (ecdsa-sha2-nistp256) keys without a passphrase"
    private static let header = "-----BEGIN OPENSSH PRIVATE KEY-----"
    private static let footer = "-----END OPENSSH PRIVATE KEY-----"
    private static let magic = Array("openssh-key-v1\0".utf8)

    /// Reads the key file at `path`.
    package init(contentsOf path: String) throws(TriggerError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TriggerError(.keyFile, "cannot read the key file \(path): \(Self.reason(error))", underlying: error)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TriggerError(.keyFile, "\(path) is not a text key file (expected \(Self.header))")
        }
        try self.init(pem: text, source: path)
    }

    /// Reads a key from the text of a key file; `source` names it in errors.
    package init(pem text: String, source: String = "the key") throws(TriggerError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(Self.header), trimmed.hasSuffix(Self.footer) else {
            throw Self.wrongFormat(trimmed, source: source)
        }
        let body = trimmed.dropFirst(Self.header.count).dropLast(Self.footer.count)
            .filter { !$0.isWhitespace }
        guard let decoded = Data(base64Encoded: String(body)) else {
            throw TriggerError(.keyFile, "\(source): the key's base64 body is damaged")
        }
        do {
            (key, algorithm, comment) = try Self.parse(Array(decoded), source: source)
        } catch let error as TriggerError {
            throw error
        } catch {
            throw TriggerError(.keyFile, "\(source): the key is truncated or damaged", underlying: error)
        }
    }

    private static func parse(_ bytes: [UInt8], source: String) throws -> (NIOSSHPrivateKey, String, String) {
        var reader = SSHWireReader(bytes)
        guard try reader.readBytes(magic.count) == magic else {
            throw TriggerError(.keyFile, "\(source) is not an OpenSSH private key (no openssh-key-v1 header)")
        }
        let cipher = try reader.readText()
        let kdf = try reader.readText()
        _ = try reader.readString()  // KDF options
        guard cipher == "none", kdf == "none" else {
            throw TriggerError(
                .unsupportedKey,
                "\(source) is protected by a passphrase (cipher \(cipher)); aiops reads only \(supported). "
                    + "Use an unencrypted copy (ssh-keygen -p -N '' -f COPY) or run the trigger through SSM "
                    + "with --instance-id")
        }
        let count = try reader.readUInt32()
        guard count == 1 else {
            throw TriggerError(.keyFile, "\(source) holds \(count) keys; aiops reads files with one key")
        }
        _ = try reader.readString()  // the public key, repeated inside the private section
        var secret = SSHWireReader(try reader.readString())
        guard try secret.readUInt32() == secret.readUInt32() else {
            throw TriggerError(.keyFile, "\(source): the key's check numbers differ; the file is damaged")
        }
        let type = try secret.readText()
        let key: NIOSSHPrivateKey
        switch type {
        case "ssh-ed25519":
            key = try ed25519(&secret, source: source)
        case "ecdsa-sha2-nistp256":
            key = try p256(&secret, source: source)
        default:
            throw TriggerError(
                .unsupportedKey,
                "\(source) is a \(type) key; aiops reads only \(supported). Make one with "
                    + "ssh-keygen -t ed25519 (or create an ED25519 key pair in EC2), or run the trigger through "
                    + "SSM with --instance-id")
        }
        let comment = try secret.readText()
        return (key, type, comment)
    }

    private static func ed25519(_ reader: inout SSHWireReader, source: String) throws -> NIOSSHPrivateKey {
        let publicKey = try reader.readString()
        let secret = try reader.readString()  // the 32-byte seed followed by the public key
        guard publicKey.count == 32, secret.count == 64 else {
            throw TriggerError(.keyFile, "\(source): the Ed25519 key has the wrong length")
        }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: secret[0..<32])
        guard Array(key.publicKey.rawRepresentation) == publicKey else {
            throw TriggerError(.keyFile, "\(source): the Ed25519 key does not match its public half")
        }
        return NIOSSHPrivateKey(ed25519Key: key)
    }

    private static func p256(_ reader: inout SSHWireReader, source: String) throws -> NIOSSHPrivateKey {
        guard try reader.readText() == "nistp256" else {
            throw TriggerError(.keyFile, "\(source): the ECDSA key names a curve other than its type")
        }
        let publicKey = try reader.readString()
        // An mpint: big-endian, with a leading zero byte when the top bit is set, and no leading
        // zeros otherwise; P-256 wants exactly 32 bytes.
        var scalar = try reader.readString()[...]
        while scalar.first == 0 { scalar = scalar.dropFirst() }
        guard scalar.count <= 32 else {
            throw TriggerError(.keyFile, "\(source): the ECDSA P-256 private scalar is too long")
        }
        let raw = [UInt8](repeating: 0, count: 32 - scalar.count) + scalar
        let key = try P256.Signing.PrivateKey(rawRepresentation: raw)
        guard Array(key.publicKey.x963Representation) == publicKey else {
            throw TriggerError(.keyFile, "\(source): the ECDSA key does not match its public half")
        }
        return NIOSSHPrivateKey(p256Key: key)
    }

    /// Other PEM files get a message naming what they are.
    private static func wrongFormat(_ text: String, source: String) -> TriggerError {
        if text.hasPrefix("-----BEGIN RSA PRIVATE KEY-----") {
            return TriggerError(
                .unsupportedKey,
                "\(source) is an RSA key; aiops reads only \(supported). Make one with ssh-keygen -t ed25519 "
                    + "(or create an ED25519 key pair in EC2), or run the trigger through SSM with --instance-id")
        }
        if text.hasPrefix("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            return TriggerError(
                .unsupportedKey, "\(source) is protected by a passphrase; aiops reads only \(supported)")
        }
        if text.hasPrefix("-----BEGIN") {
            let firstLine = text.prefix { $0 != "\n" }
            return TriggerError(
                .unsupportedKey,
                "\(source) starts with \(firstLine); aiops reads OpenSSH key files "
                    + "(-----BEGIN OPENSSH PRIVATE KEY-----) holding \(supported)")
        }
        return TriggerError(
            .keyFile, "\(source) is not a private key file (expected -----BEGIN OPENSSH PRIVATE KEY-----)")
    }

    static func reason(_ error: any Error) -> String {
        (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription
    }
}
