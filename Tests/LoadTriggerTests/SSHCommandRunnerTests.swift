import Foundation
import LoadTrigger
import Synchronization
import TestSupport
import Testing

/// The SSH client against Debian's OpenSSH server on loopback.
@Suite(.enabled(if: OpenSSHServer.isAvailable, "needs openssh-server (scripts/install-test-deps.sh installs it)"))
struct SSHCommandRunnerTests {
    /// Collects what the remote command printed.
    final class Output: Sendable {
        private let chunks = Mutex<[SSHOutput]>([])
        func append(_ chunk: SSHOutput) { chunks.withLock { $0.append(chunk) } }
        var stdout: String {
            chunks.withLock { $0.compactMap { if case .stdout(let text) = $0 { text } else { nil } }.joined() }
        }
        var stderr: String {
            chunks.withLock { $0.compactMap { if case .stderr(let text) = $0 { text } else { nil } }.joined() }
        }
    }

    private func runner(
        _ server: OpenSSHServer, key: URL? = nil, knownHosts: String? = nil, acceptNew: Bool = false
    ) throws -> SSHCommandRunner {
        let keyFile = (key ?? server.clientKey).path
        let knownHostsFile = server.directory.file("known_hosts").path
        let text = knownHosts ?? "[127.0.0.1]:\(server.port) \(server.hostPublicKey)\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: knownHostsFile))
        let check = HostKeyCheck(
            host: "127.0.0.1", port: server.port, knownHosts: try KnownHosts(contentsOf: knownHostsFile),
            path: knownHostsFile, acceptNew: acceptNew)
        return SSHCommandRunner(
            address: SSHAddress(host: "127.0.0.1", port: server.port), user: OpenSSHServer.currentUser,
            key: try OpenSSHPrivateKey(contentsOf: keyFile), keySource: keyFile, hostKeyCheck: check)
    }

    @Test func runsACommandStreamingBothOutputsAndReturnsItsStatus() async throws {
        let server = try OpenSSHServer()
        let output = Output()
        let status = try await runner(server).run(
            "echo out; echo err >&2; echo \"$PATH\"; exit 3", output: { output.append($0) })
        #expect(status == 3)
        #expect(output.stdout.hasPrefix("out\n"))
        #expect(output.stdout.contains(server.binDirectory.path))
        #expect(output.stderr == "err\n")
    }

    @Test func logsInWithAnECDSAKey() async throws {
        let server = try OpenSSHServer()
        let key = server.directory.file("client_ecdsa")
        try OpenSSHServer.keygen(key, type: "ecdsa", comment: "ecdsa client")
        let authorized = server.directory.file("authorized_keys")
        let handle = try FileHandle(forWritingTo: authorized)
        try handle.seekToEnd()
        try handle.write(contentsOf: try Data(contentsOf: URL(fileURLWithPath: key.path + ".pub")))
        try handle.close()
        let output = Output()
        #expect(try await runner(server, key: key).run("echo ecdsa", output: { output.append($0) }) == 0)
        #expect(output.stdout == "ecdsa\n")
    }

    @Test func aKeyTheServerDoesNotKnowIsRefused() async throws {
        let server = try OpenSSHServer()
        let stranger = server.directory.file("stranger")
        try OpenSSHServer.keygen(stranger, comment: "stranger")
        let error = await #expect(throws: TriggerError.self) {
            _ = try await runner(server, key: stranger).run("true", output: { _ in })
        }
        #expect(error?.code == .authentication)
        #expect(error?.message.contains("refused the ssh-ed25519 key") == true)
    }

    @Test func anUnknownHostIsRefusedAndNotRecorded() async throws {
        let server = try OpenSSHServer()
        let error = await #expect(throws: TriggerError.self) {
            _ = try await runner(server, knownHosts: "").run("touch ran", output: { _ in })
        }
        #expect(error?.code == .unknownHostKey)
        #expect(try String(contentsOf: server.directory.file("known_hosts"), encoding: .utf8) == "")
    }

    @Test func aNewHostIsRecordedWhenAsked() async throws {
        let server = try OpenSSHServer()
        let notices = Output()
        let status = try await runner(server, knownHosts: "", acceptNew: true).run(
            "true", output: { _ in }, notice: { notices.append(.stderr($0)) })
        #expect(status == 0)
        let recorded = try String(contentsOf: server.directory.file("known_hosts"), encoding: .utf8)
        #expect(recorded == "[127.0.0.1]:\(server.port) \(server.hostPublicKey)\n")
        #expect(notices.stderr.contains("added [127.0.0.1]:\(server.port)"))
    }

    @Test func aChangedHostKeyIsRefused() async throws {
        let server = try OpenSSHServer()
        let other = server.directory.file("other_host")
        try OpenSSHServer.keygen(other, comment: "impostor")
        let error = await #expect(throws: TriggerError.self) {
            _ = try await runner(
                server, knownHosts: "[127.0.0.1]:\(server.port) \(try OpenSSHServer.publicKey(other.path + ".pub"))\n",
                acceptNew: true
            ).run("true", output: { _ in })
        }
        #expect(error?.code == .hostKeyMismatch)
        #expect(error?.message.contains("CHANGED") == true)
    }

    @Test func aClosedPortIsAConnectionError() async throws {
        let port = try #require(LoopbackSocket.freePort())
        let folder = try TemporaryDirectory("closed")
        let key = folder.file("key")
        try OpenSSHServer.keygen(key, comment: "k")
        let runner = SSHCommandRunner(
            address: SSHAddress(host: "127.0.0.1", port: port), user: "nobody",
            key: try OpenSSHPrivateKey(contentsOf: key.path), keySource: key.path,
            hostKeyCheck: HostKeyCheck(
                host: "127.0.0.1", port: port, knownHosts: KnownHosts(), path: "kh", acceptNew: false))
        let error = await #expect(throws: TriggerError.self) { _ = try await runner.run("true", output: { _ in }) }
        #expect(error?.code == .connection)
        #expect(error?.message.hasPrefix("cannot connect to 127.0.0.1:\(port)") == true)
    }
}
