import ArgumentParser
import Foundation
import LoadTrigger

/// `aiops trigger`: loads every CPU core of an instance for some minutes, so that the whole
/// chain (anomaly, root cause, alert, reboot) can be watched end to end.
struct Trigger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Spike an instance's CPU (stress-ng) through SSM Run Command or SSH, to watch the chain work.",
        discussion: """
            Through SSM (the instance runs the SSM agent and has an instance profile that allows it): \
            aiops trigger --instance-id i-0123456789abcdef0 [--minutes 10]. It sends the AWS-RunShellScript \
            document and prints the command id; AWS credentials and region come from the usual AWS_* \
            variables and ~/.aws files.

            Over SSH: aiops trigger --host 203.0.113.7 --key-file ~/.ssh/aiops-ed25519 [--user ec2-user]. \
            The key is an OpenSSH Ed25519 or ECDSA P-256 key without a passphrase. The host key must be in \
            ~/.ssh/known_hosts (or --known-hosts FILE); --accept-new-host-key trusts and records a host seen \
            for the first time, never a changed key.

            Either way the same script runs on the instance: it installs stress-ng with dnf, yum or apt-get \
            if it is missing, starts one CPU worker per core for --minutes in the background, and prints \
            what it started. --print-script shows it.
            """)

    @Option(name: .customLong("instance-id"), help: "The EC2 instance to load, through SSM Run Command.")
    var instanceID: String?

    @Option(help: "How long the load lasts, in minutes (1 to \(StressScript.maximumMinutes)).")
    var minutes = 10

    @Option(help: "Load this host over SSH instead: HOST, HOST:PORT or [IPv6]:PORT.")
    var host: String?

    @Option(name: .customLong("key-file"), help: "The OpenSSH private key for --host (Ed25519 or ECDSA P-256).")
    var keyFile: String?

    @Option(help: "The SSH user.")
    var user = "ec2-user"

    @Option(name: .customLong("known-hosts"), help: "The known-hosts file (default ~/.ssh/known_hosts).")
    var knownHosts: String?

    @Flag(name: .customLong("accept-new-host-key"), help: "Trust and record the host key of a host not yet known.")
    var acceptNewHostKey = false

    @Flag(name: .customLong("print-script"), help: "Print the script the instance would run, and exit.")
    var printScript = false

    func validate() throws {
        if printScript { return }
        switch (instanceID, host) {
        case (nil, nil):
            throw ValidationError("name the instance: --instance-id ID (SSM) or --host HOST --key-file FILE (SSH)")
        case (.some, .some):
            throw ValidationError("--instance-id (SSM) and --host (SSH) are two ways: pass one of them")
        case (nil, .some) where keyFile == nil:
            throw ValidationError("--host needs --key-file: the OpenSSH private key to log in with")
        case (.some, nil) where keyFile != nil || knownHosts != nil || acceptNewHostKey:
            throw ValidationError("--key-file, --known-hosts and --accept-new-host-key are for --host (SSH)")
        default:
            break
        }
    }

    func run() async throws {
        let script = try StressScript(minutes: minutes)
        if printScript {
            print(script.text, terminator: "")
            return
        }
        if let instanceID {
            try await runThroughSSM(instanceID: instanceID, script: script)
        } else if let host, let keyFile {
            let status = try await runOverSSH(host: host, keyFile: keyFile, script: script)
            if status != 0 { throw ExitCode(status) }
        }
    }

    private func runOverSSH(host: String, keyFile: String, script: StressScript) async throws -> Int32 {
        let address = try SSHAddress(parsing: host)
        let keyPath = NSString(string: keyFile).expandingTildeInPath
        let key = try OpenSSHPrivateKey(contentsOf: keyPath)
        let knownHostsPath =
            knownHosts.map { NSString(string: $0).expandingTildeInPath }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".ssh/known_hosts").path
        let check = HostKeyCheck(
            host: address.host, port: address.port, knownHosts: try KnownHosts(contentsOf: knownHostsPath),
            path: knownHostsPath, acceptNew: acceptNewHostKey)
        let runner = SSHCommandRunner(address: address, user: user, key: key, keySource: keyPath, hostKeyCheck: check)
        Self.standardError("aiops: loading \(address) as \(user) for \(script.minutes) minute(s) over SSH\n")
        let status = try await runner.run(
            script.text,
            output: { chunk in
                switch chunk {
                case .stdout(let text): FileHandle.standardOutput.write(Data(text.utf8))
                case .stderr(let text): FileHandle.standardError.write(Data(text.utf8))
                }
            },
            notice: { Self.standardError($0 + "\n") })
        if status != 0 {
            Self.standardError("aiops: the trigger script exited with status \(status) on \(address)\n")
        }
        return status
    }

    private func runThroughSSM(instanceID: String, script: StressScript) async throws {
        try SSMTrigger<UnavailableSSMSender>.validate(instanceID: instanceID)
        let receipt = try await SSMTrigger(sender: UnavailableSSMSender()).start(instanceID: instanceID, script: script)
        print(
            "sent \(SSMTrigger<UnavailableSSMSender>.documentName) to \(receipt.instanceID): command id \(receipt.commandID)"
        )
    }

    private static func standardError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Stands in until the AWS client's SSM service lands.
private struct UnavailableSSMSender: RunCommandSender {
    func send(command: String, instanceID: String) async throws -> String {
        throw TriggerError(.sendFailed, "this build of aiops has no SSM client yet: use --host and --key-file (SSH)")
    }
}
