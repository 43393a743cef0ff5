public import Foundation

/// moto's server (the AWS APIs, implemented for real, on loopback) for the tests that talk to AWS.
///
/// Found at `$AIOPS_VENV/bin/moto_server` (set by `scripts/test.sh`), the package's `.venv`, or on
/// `PATH`. Runs on a free port of 127.0.0.1 and exits with the test process: a watchdog thread in
/// the Python process ends it when its parent is gone, so a crashed test run leaves nothing behind.
public final class MotoServer: @unchecked Sendable {
    // @unchecked: `process` is only asked `isRunning` and told to `terminate`, which Foundation's
    // Process allows from any thread; everything else is immutable.
    public struct NotInstalled: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    private let process: Process

    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The environment an AWS client needs to use this server: endpoint, dummy credentials, a
    /// region, and IMDS off (nothing must ever go to 169.254.169.254 from a test).
    public var environment: [String: String] {
        [
            "AWS_ENDPOINT_URL": url.absoluteString, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ]
    }

    /// One server for the whole test process, started on first use. Tests sharing it use
    /// names of their own (tables, topics, tags) instead of resetting it under each other.
    public static func shared() throws -> MotoServer {
        try sharedServer.get()
    }

    private static let sharedServer: Result<MotoServer, any Error> = Result { try MotoServer() }

    /// Starts a server of its own (for a suite that resets state) and waits until it answers.
    public init() throws {
        let executable = try Self.locate()
        guard let port = LoopbackSocket.freePort() else { throw NotInstalled(description: "no free loopback port") }
        let python = executable.deletingLastPathComponent().appendingPathComponent("python3")
        let watchdog = """
            import os, sys, threading, time
            parent = os.getppid()
            def watch():
                while os.getppid() == parent:
                    time.sleep(0.5)
                os._exit(0)
            threading.Thread(target=watch, daemon=True).start()
            sys.path.insert(0, sys.argv.pop(1))
            import moto_fast_metrics
            moto_fast_metrics.install()
            from moto.server import main
            main(sys.argv[1:])
            """
        let process = Process()
        if FileManager.default.isExecutableFile(atPath: python.path) {
            process.executableURL = python
            process.arguments = ["-c", watchdog, Self.scripts.path, "-H", "127.0.0.1", "-p", "\(port)"]
        } else {
            process.executableURL = executable
            process.arguments = ["-H", "127.0.0.1", "-p", "\(port)"]
        }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        self.port = port
        let deadline = Date().addingTimeInterval(60)
        while LoopbackHTTPClient.request(port: port, path: "/moto-api/data.json", timeoutSeconds: 2)?.status != 200 {
            guard process.isRunning, Date() < deadline else {
                process.terminate()
                throw NotInstalled(description: "moto_server at \(executable.path) did not start on port \(port)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    deinit { stop() }

    /// Clears all of moto's state.
    public func reset() throws {
        guard LoopbackHTTPClient.request(port: port, method: "POST", path: "/moto-api/reset")?.status == 200 else {
            throw NotInstalled(description: "moto did not accept POST /moto-api/reset")
        }
    }

    /// Ends the server: SIGTERM, then SIGKILL if it is still there after 5 s (moto's server can
    /// outlive a SIGTERM, and waiting for it would hang the test run at its end).
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The folder of `moto_fast_metrics.py`, which the server loads before it starts: moto's own
    /// GetMetricData scans every datapoint for every period of the window, so a 35-day read on a
    /// moto that other suites have filled took minutes; the module answers the same in time
    /// proportional to the datapoints (its `--self-test` compares both; `MotoSpeedupTests`).
    public static let scripts = Paths.packageRoot.appendingPathComponent("scripts")

    /// The Python interpreter beside `moto_server` (the venv's).
    public static func python() throws -> URL {
        try locate().deletingLastPathComponent().appendingPathComponent("python3")
    }

    private static func locate() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let venv = environment["AIOPS_VENV"] { candidates.append("\(venv)/bin/moto_server") }
        candidates.append(Paths.packageRoot.appendingPathComponent(".venv/bin/moto_server").path)
        for folder in (environment["PATH"] ?? "").split(separator: ":") { candidates.append("\(folder)/moto_server") }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw NotInstalled(
                description: "moto_server not found (looked in $AIOPS_VENV/bin, .venv/bin and PATH): "
                    + "run scripts/install-test-deps.sh, which installs moto[server] into .venv")
        }
        return URL(fileURLWithPath: found)
    }
}
