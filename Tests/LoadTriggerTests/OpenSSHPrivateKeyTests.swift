import Foundation
import LoadTrigger
import TestSupport
import Testing

@Suite(.enabled(if: OpenSSHServer.isAvailable, "needs ssh-keygen (openssh-client)"))
struct OpenSSHPrivateKeyTests {
    /// Keys made by ssh-keygen read back to the public key ssh-keygen wrote beside them.
    @Test(arguments: [("ed25519", "ssh-ed25519"), ("ecdsa", "ecdsa-sha2-nistp256")])
    func readsKeysMadeBySSHKeygen(type: String, algorithm: String) throws {
        let folder = try TemporaryDirectory("keys")
        // Several keys: an ECDSA scalar whose top bit is set is stored with a leading zero byte,
        // one with leading zero bytes is stored shorter; both must read.
        for index in 0..<8 {
            let file = folder.file("key\(index)")
            try OpenSSHServer.keygen(file, type: type, comment: "test \(index)")
            let key = try OpenSSHPrivateKey(contentsOf: file.path)
            #expect(key.algorithm == algorithm)
            #expect(key.comment == "test \(index)")
            #expect(key.publicKey == (try OpenSSHServer.publicKey(file.path + ".pub")))
        }
    }

    @Test func rsaKeysGetAnErrorNamingTheSupportedKeys() throws {
        let folder = try TemporaryDirectory("keys")
        let file = folder.file("rsa")
        try OpenSSHServer.keygen(file, type: "rsa", bits: 2048, comment: "rsa")
        let error = #expect(throws: TriggerError.self) { try OpenSSHPrivateKey(contentsOf: file.path) }
        #expect(error?.code == .unsupportedKey)
        #expect(error?.message.contains("is a ssh-rsa key") == true)
        #expect(error?.message.contains("Ed25519 and ECDSA P-256") == true)
    }

    @Test func pemRSAKeysGetTheSameError() throws {
        let error = #expect(throws: TriggerError.self) {
            try OpenSSHPrivateKey(
                pem: "-----BEGIN RSA PRIVATE KEY-----\nMIIEow==\n-----END RSA PRIVATE KEY-----\n", source: "ec2.pem")
        }
        #expect(error?.code == .unsupportedKey)
        #expect(error?.message.hasPrefix("ec2.pem is an RSA key") == true)
    }

    @Test func otherCurvesAreUnsupported() throws {
        let folder = try TemporaryDirectory("keys")
        let file = folder.file("p384")
        try OpenSSHServer.keygen(file, type: "ecdsa", bits: 384, comment: "p384")
        let error = #expect(throws: TriggerError.self) { try OpenSSHPrivateKey(contentsOf: file.path) }
        #expect(error?.code == .unsupportedKey)
        #expect(error?.message.contains("ecdsa-sha2-nistp384") == true)
    }

    @Test func passphraseProtectedKeysAreRefusedWithAWayOut() throws {
        let folder = try TemporaryDirectory("keys")
        let file = folder.file("locked")
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-q", "-t", "ed25519", "-N", "secret", "-f", file.path])
        #expect(result.status == 0)
        let error = #expect(throws: TriggerError.self) { try OpenSSHPrivateKey(contentsOf: file.path) }
        #expect(error?.code == .unsupportedKey)
        #expect(error?.message.contains("protected by a passphrase") == true)
        #expect(error?.message.contains("--instance-id") == true)
    }

    @Test func aMissingFileIsNamed() {
        let error = #expect(throws: TriggerError.self) { try OpenSSHPrivateKey(contentsOf: "/nonexistent/aiops-key") }
        #expect(error?.code == .keyFile)
        #expect(error?.message.hasPrefix("cannot read the key file /nonexistent/aiops-key") == true)
    }

    @Test func aTruncatedKeyIsAnErrorNotACrash() throws {
        let folder = try TemporaryDirectory("keys")
        let file = folder.file("key")
        try OpenSSHServer.keygen(file, comment: "cut")
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        let body = lines.dropFirst().dropLast().joined()
        // Every cut of the key body on a base64 group boundary reads as an error, never a crash.
        for length in stride(from: 0, to: body.count, by: 4) {
            let pem = "\(lines.first!)\n\(body.prefix(length))\n\(lines.last!)\n"
            #expect(throws: TriggerError.self) { try OpenSSHPrivateKey(pem: pem) }
        }
    }

    @Test func textThatIsNoKeyIsNamed() {
        let error = #expect(throws: TriggerError.self) { try OpenSSHPrivateKey(pem: "ssh-ed25519 AAAA… a public key") }
        #expect(error?.code == .keyFile)
        #expect(error?.message.contains("not a private key file") == true)
    }
}
