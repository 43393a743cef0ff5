public import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's OpenSSH server on a free loopback port, as a child process, for tests of SSH
/// clients: its own config, an Ed25519 host key, a client key pair made by `ssh-keygen` and
/// allowed in its authorized_keys, `binDirectory` first on the PATH of its sessions (for fake
/// commands) and `TMPDIR` in `directory`. Stopped when the value is released.
public final class OpenSSHServer {
    public let port: Int
    public let directory: TemporaryDirectory
    /// The host key as `ssh` writes it in known_hosts: `ssh-ed25519 AAAA…`.
    public let hostPublicKey: String
    /// The client's private key file (OpenSSH format, Ed25519, no passphrase).
    public let clientKey: URL
    /// First on the PATH of every session.
    public let binDirectory: URL
    /// The server's log (`sshd -e`), for failure messages.
    public let log: URL
    private let process: Process

    /// Whether this machine can run the server (`openssh-server` and `ssh-keygen` installed).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd")
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/ssh-keygen")
    }

    public init() throws {
        directory = try TemporaryDirectory("sshd")
        let hostKey = directory.file("host_ed25519")
        clientKey = directory.file("client_ed25519")
        try Self.keygen(hostKey, comment: "aiops-test-host")
        try Self.keygen(clientKey, comment: "aiops-test-client")
        hostPublicKey = try Self.publicKey(hostKey.path + ".pub")
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: clientKey.path + ".pub"), to: directory.file("authorized_keys"))
        binDirectory = directory.file("bin")
        try FileManager.default.createDirectory(at: binDirectory, withIntermediateDirectories: true)
        log = directory.file("sshd.log")
        // sshd run as root wants its privilege-separation folder.
        if getuid() == 0 {
            try FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }

        guard let free = LoopbackSocket.freePort() else { throw TestSupportError("no free loopback port") }
        port = free
        let config = try directory.write(
            "sshd_config",
            """
            ListenAddress 127.0.0.1:\(port)
            HostKey \(hostKey.path)
            PidFile none
            AuthorizedKeysFile \(directory.file("authorized_keys").path)
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            SetEnv PATH=\(binDirectory.path):/usr/local/bin:/usr/bin:/bin TMPDIR=\(directory.url.path)
            LogLevel VERBOSE

            """)
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw TestSupportError("cannot create \(log.path)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // sshd re-executes itself, so it must be started by its absolute path.
        process.arguments = [
            "-c", Self.watchdog, "sh", "\(ProcessInfo.processInfo.processIdentifier)", "/usr/sbin/sshd", "-D", "-e",
            "-f",
            config.path,
        ]
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try waitUntilListening()
    }

    /// Runs the server as a child of a shell that stays, for two reasons. sshd closes every file
    /// descriptor it inherits, and Foundation's `Process` takes the closing of one of them for the
    /// child's exit and then blocks in `waitpid`, which stalls every later `Process` of the test
    /// run; the shell keeps that descriptor open. And the shell stops the server when the test
    /// process is gone, so a test run that crashes or is killed leaves no server behind.
    private static let watchdog = """
        parent=$1; shift
        "$@" &
        server=$!
        trap 'kill "$server" 2>/dev/null; exit 0' TERM INT
        while kill -0 "$parent" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 0.2; done
        kill "$server" 2>/dev/null
        wait "$server"
        """

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The user the tests log in as: the one running them (sshd allows only that one when not root).
    public static var currentUser: String {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return NSUserName() }
        return String(cString: name)
    }

    /// Writes an executable shell script named `name` into `binDirectory`.
    @discardableResult
    public func installCommand(_ name: String, script: String) throws -> URL {
        let url = binDirectory.appendingPathComponent(name)
        try Data(script.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    /// The server's log so far.
    public var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    private func waitUntilListening() throws {
        // A bounded wait for start-up, not a timing assertion: up to 20 s on a loaded machine.
        for _ in 0..<400 {
            if !process.isRunning {
                throw TestSupportError("sshd exited at start-up: \(logText)")
            }
            if Self.canConnect(port) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestSupportError("sshd did not listen on 127.0.0.1:\(port): \(logText)")
    }

    /// Makes an unencrypted key pair with `ssh-keygen` (Ed25519 unless `type` says otherwise).
    public static func keygen(_ file: URL, type: String = "ed25519", bits: Int? = nil, comment: String) throws {
        var arguments = ["-q", "-t", type, "-N", "", "-C", comment, "-f", file.path]
        if let bits { arguments += ["-b", "\(bits)"] }
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/ssh-keygen"), arguments)
        guard result.status == 0 else { throw TestSupportError("ssh-keygen \(arguments): \(result.stderr)") }
    }

    /// The first two fields (`type base64`) of a `.pub` file.
    public static func publicKey(_ path: String) throws -> String {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: " ").prefix(2).joined(separator: " ")
    }

    private static func canConnect(_ port: Int) -> Bool {
        guard let fd = LoopbackSocket.openConnection(port: port, timeoutSeconds: 1) else { return false }
        close(fd)
        return true
    }
}

/// A test helper could not set up its peer.
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
