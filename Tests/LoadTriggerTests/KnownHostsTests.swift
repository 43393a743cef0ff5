import Foundation
import LoadTrigger
import TestSupport
import Testing

@Suite struct KnownHostsTests {
    static let keyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILbN77DotjxvnmUoiC3fCzEyoSMyDMX9RxDw/xpxQwes"
    static let keyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMuo6KyZXE4Ny9ad3mQLjP/Mhp1X6vf/MP4hT2Cvonge"
    static let ecdsa =
        "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBJQIBX85yYJRTB3a6iuLxm4qrVqnGGzKucQLo8ooydeRZdAQddgAmDYi3+iN8nyJEKoAfOIQHoyqOsb+q+KWlrc="

    @Test func matchesPlainBracketedWildcardAndNegatedPatterns() {
        let hosts = KnownHosts(
            text: """
                # a comment

                203.0.113.7 \(Self.keyA) first
                [203.0.113.7]:2222 \(Self.keyB)
                *.example.com,!bad.example.com \(Self.keyA)
                web-?.internal \(Self.keyB)
                garbage
                @cert-authority *.example.com \(Self.keyB)
                """)
        #expect(hosts.entries(host: "203.0.113.7", port: 22).map(\.line) == [3])
        #expect(hosts.entries(host: "203.0.113.7", port: 2222).map(\.line) == [4])
        #expect(hosts.entries(host: "a.EXAMPLE.com", port: 22).map(\.line) == [5, 8])
        // The negation applies to its own line only.
        #expect(hosts.entries(host: "bad.example.com", port: 22).map(\.line) == [8])
        #expect(hosts.entries(host: "web-1.internal", port: 22).map(\.line) == [6])
        #expect(hosts.entries(host: "web-10.internal", port: 22).isEmpty)
        #expect(hosts.entries(host: "198.51.100.1", port: 22).isEmpty)
    }

    /// Hashed names as `ssh-keygen -H` writes them.
    @Test(.enabled(if: OpenSSHServer.isAvailable, "needs ssh-keygen"))
    func matchesNamesHashedBySSHKeygen() throws {
        let folder = try TemporaryDirectory("known-hosts")
        let file = try folder.write("known_hosts", "203.0.113.7 \(Self.keyA)\n[127.0.0.1]:2222 \(Self.keyB)\n")
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-H", "-f", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains("203.0.113.7"))
        let hosts = KnownHosts(text: text)
        #expect(hosts.entries(host: "203.0.113.7", port: 22).map(\.key) == [Self.keyA])
        #expect(hosts.entries(host: "127.0.0.1", port: 2222).map(\.key) == [Self.keyB])
        #expect(hosts.entries(host: "127.0.0.1", port: 22).isEmpty)
    }

    @Test(.enabled(if: OpenSSHServer.isAvailable, "needs ssh-keygen"))
    func fingerprintsAreTheOnesSSHKeygenShows() throws {
        let folder = try TemporaryDirectory("fingerprint")
        for key in [Self.keyA, Self.ecdsa] {
            let file = try folder.write("key.pub", key + "\n")
            let shown = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), ["-l", "-f", file.path])
            #expect(shown.stdout.split(separator: " ")[1] == Substring(KnownHosts.fingerprint(key)))
        }
    }

    @Test func aKnownKeyIsTrusted() throws {
        let check = HostKeyCheck(
            host: "203.0.113.7", port: 22, knownHosts: KnownHosts(text: "203.0.113.7 \(Self.keyA)"), path: "kh",
            acceptNew: false)
        #expect(try check.verify(Self.keyA) == .trusted)
    }

    @Test func aChangedKeyIsRefusedEvenWithAcceptNew() {
        let check = HostKeyCheck(
            host: "203.0.113.7", port: 2222, knownHosts: KnownHosts(text: "x\n[203.0.113.7]:2222 \(Self.keyA)"),
            path: "/k/known_hosts", acceptNew: true)
        let error = #expect(throws: TriggerError.self) { try check.verify(Self.keyB) }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains("has CHANGED") == true)
        #expect(error?.message.contains("/k/known_hosts:2") == true)
        #expect(error?.message.contains(KnownHosts.fingerprint(Self.keyB)) == true)
    }

    @Test func aKeyOfAnotherTypeThanTheKnownOnesIsRefused() {
        let check = HostKeyCheck(
            host: "h", port: 22, knownHosts: KnownHosts(text: "h \(Self.ecdsa)"), path: "kh", acceptNew: true)
        let error = #expect(throws: TriggerError.self) { try check.verify(Self.keyA) }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains("records only ecdsa-sha2-nistp256 keys") == true)
    }

    @Test func aRevokedKeyIsRefused() {
        let check = HostKeyCheck(
            host: "h", port: 22, knownHosts: KnownHosts(text: "h \(Self.keyA)\n@revoked * \(Self.keyA)"), path: "kh",
            acceptNew: true)
        let error = #expect(throws: TriggerError.self) { try check.verify(Self.keyA) }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains("@revoked") == true)
    }

    @Test func anUnknownHostIsRefusedUnlessTrustOnFirstUseWasAsked() throws {
        let hosts = KnownHosts(text: "other \(Self.keyA)")
        let strict = HostKeyCheck(host: "h", port: 2200, knownHosts: hosts, path: "kh", acceptNew: false)
        let error = #expect(throws: TriggerError.self) { try strict.verify(Self.keyA) }
        #expect(error?.code == .unknownHostKey)
        #expect(error?.message.contains("--accept-new-host-key") == true)
        #expect(error?.message.contains(KnownHosts.fingerprint(Self.keyA)) == true)
        let lenient = HostKeyCheck(host: "h", port: 2200, knownHosts: hosts, path: "kh", acceptNew: true)
        #expect(try lenient.verify(Self.keyA) == .acceptedNew(record: "[h]:2200 \(Self.keyA)"))
    }

    @Test func recordingAppendsALineAndCreatesAMissingFile() throws {
        let folder = try TemporaryDirectory("record")
        let path = folder.file("new/.ssh/known_hosts").path
        let check = HostKeyCheck(host: "h", port: 22, knownHosts: KnownHosts(), path: path, acceptNew: true)
        try check.record("h \(Self.keyA)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "h \(Self.keyA)\n")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A file without a final newline still gets one entry per line.
        let existing = try folder.write("known_hosts", "a \(Self.keyB)")
        let second = HostKeyCheck(host: "h", port: 22, knownHosts: KnownHosts(), path: existing.path, acceptNew: true)
        try second.record("h \(Self.keyA)")
        let text = try String(contentsOf: existing, encoding: .utf8)
        #expect(text == "a \(Self.keyB)\nh \(Self.keyA)\n")
        #expect(try KnownHosts(contentsOf: existing.path).entries(host: "h", port: 22).map(\.line) == [2])
    }

    @Test func aMissingFileHoldsNoEntries() throws {
        #expect(try KnownHosts(contentsOf: "/nonexistent/known_hosts").entries.isEmpty)
    }
}
