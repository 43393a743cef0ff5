#if AIOPS_FULL
    import Foundation
    import TestSupport
    import Testing

    /// `aiops trigger` run as a real subprocess: over SSH against Debian's OpenSSH server on
    /// loopback, with a fake stress-ng first on the session's PATH that records its arguments.
    @Suite(
        "aiops trigger", .enabled(if: OpenSSHServer.isAvailable, "needs openssh-server (scripts/install-test-deps.sh)"))
    struct TriggerTests {
        /// The server, a known_hosts file trusting it, and the fake stress-ng.
        struct Fixture {
            let server: OpenSSHServer
            let knownHosts: URL
            var record: URL { server.directory.file("stress-ng.args") }

            init(knownHostsText: String? = nil) throws {
                server = try OpenSSHServer()
                try server.installCommand(
                    "stress-ng", script: "#!/bin/sh\necho \"$@\" > \(server.directory.file("stress-ng.args").path)\n")
                knownHosts = server.directory.file("known_hosts")
                let text = knownHostsText ?? "[127.0.0.1]:\(server.port) \(server.hostPublicKey)\n"
                try Data(text.utf8).write(to: knownHosts)
            }

            func trigger(_ extra: [String] = [], key: String? = nil) throws -> ProcessResult {
                try Subprocess.aiops(
                    [
                        "trigger", "--host", "127.0.0.1:\(server.port)", "--key-file", key ?? server.clientKey.path,
                        "--known-hosts", knownHosts.path, "--user", OpenSSHServer.currentUser, "--minutes", "1",
                    ] + extra, timeout: 120)
            }

            /// The load starts in the background: wait (bounded) for the fake to have written.
            func recordedArguments() -> String? {
                for _ in 0..<200 {
                    if let text = try? String(contentsOf: record, encoding: .utf8), !text.isEmpty { return text }
                    Thread.sleep(forTimeInterval: 0.05)
                }
                return nil
            }
        }

        static func cores() throws -> String {
            try Subprocess.run(URL(fileURLWithPath: "/usr/bin/nproc"), []).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test("over SSH it runs stress-ng with a worker per core for the minutes, and prints what it started")
        func startsTheLoadOverSSH() throws {
            let fixture = try Fixture()
            let result = try fixture.trigger()
            #expect(result.status == 0, "\(result.stderr)\n\(fixture.server.logText)")
            let cores = try Self.cores()
            #expect(fixture.recordedArguments() == "--cpu \(cores) --timeout 60s\n")
            #expect(result.stdout.contains("aiops-trigger: started 'stress-ng --cpu \(cores) --timeout 60s'"))
            #expect(result.stderr.contains("loading 127.0.0.1:\(fixture.server.port) as"))
        }

        @Test("a host key other than the known one is refused, and nothing runs")
        func refusesAWrongHostKey() throws {
            let folder = try TemporaryDirectory("impostor")
            try OpenSSHServer.keygen(folder.file("host"), comment: "impostor")
            let impostor = try OpenSSHServer.publicKey(folder.file("host").path + ".pub")
            let fixture = try Fixture(knownHostsText: "")
            try Data("[127.0.0.1]:\(fixture.server.port) \(impostor)\n".utf8).write(to: fixture.knownHosts)
            let result = try fixture.trigger(["--accept-new-host-key"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("host key of [127.0.0.1]:\(fixture.server.port) has CHANGED"))
            #expect(!FileManager.default.fileExists(atPath: fixture.record.path))
        }

        @Test("an unknown host is refused with its fingerprint; --accept-new-host-key records it")
        func trustOnFirstUseOnlyWhenAsked() throws {
            let fixture = try Fixture(knownHostsText: "")
            let refused = try fixture.trigger()
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("is not in \(fixture.knownHosts.path)"))
            #expect(refused.stderr.contains("--accept-new-host-key"))
            #expect(!FileManager.default.fileExists(atPath: fixture.record.path))

            let accepted = try fixture.trigger(["--accept-new-host-key"])
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(
                try String(contentsOf: fixture.knownHosts, encoding: .utf8)
                    == "[127.0.0.1]:\(fixture.server.port) \(fixture.server.hostPublicKey)\n")
            #expect(fixture.recordedArguments() != nil)
            // Recorded: the next run needs no flag.
            #expect(try fixture.trigger().status == 0)
        }

        @Test("a missing key file is a clear error")
        func missingKeyFile() throws {
            let fixture = try Fixture()
            let result = try fixture.trigger(key: "/nonexistent/aiops-key")
            #expect(result.status != 0)
            #expect(result.stderr.contains("cannot read the key file /nonexistent/aiops-key"))
        }

        @Test("an RSA key names the keys that work")
        func rsaKey() throws {
            let fixture = try Fixture()
            let rsa = fixture.server.directory.file("rsa")
            try OpenSSHServer.keygen(rsa, type: "rsa", bits: 2048, comment: "rsa")
            let result = try fixture.trigger(key: rsa.path)
            #expect(result.status != 0)
            #expect(result.stderr.contains("is a ssh-rsa key; aiops reads only Ed25519 and ECDSA P-256"))
        }

        @Test("the script's failure is the command's failure")
        func remoteFailure() throws {
            let fixture = try Fixture()
            try fixture.server.installCommand("stress-ng", script: "#!/bin/sh\necho bad option >&2\nexit 2\n")
            let result = try fixture.trigger()
            #expect(result.status == 5)
            #expect(result.stderr.contains("bad option"))
            #expect(result.stderr.contains("the trigger script exited with status 5"))
        }

        @Test("arguments are checked before anything is sent")
        func argumentErrors() throws {
            let none = try Subprocess.aiops(["trigger"])
            #expect(none.status != 0)
            #expect(none.stderr.contains("--instance-id ID (SSM) or --host HOST --key-file FILE (SSH)"))
            let both = try Subprocess.aiops(["trigger", "--instance-id", "i-0123456789abcdef0", "--host", "h"])
            #expect(both.status != 0)
            #expect(both.stderr.contains("pass one of them"))
            let noKey = try Subprocess.aiops(["trigger", "--host", "h"])
            #expect(noKey.stderr.contains("--host needs --key-file"))
            let minutes = try Subprocess.aiops(["trigger", "--host", "h", "--key-file", "k", "--minutes", "0"])
            #expect(minutes.stderr.contains("--minutes must be from 1 to 360, not 0"))
        }

        @Test("--print-script prints the script the instance runs")
        func printScript() throws {
            let result = try Subprocess.aiops(["trigger", "--print-script", "--minutes", "3"])
            #expect(result.status == 0)
            #expect(result.stdout.hasPrefix("#!/bin/sh\n"))
            #expect(result.stdout.contains("seconds=180\n"))
        }
    }
#endif
