import Foundation
import TestSupport

/// The built `bootstrap` running as a Lambda function would: `_HANDLER` picks the function,
/// `AWS_LAMBDA_RUNTIME_API` points at the test's Runtime API. Its output goes to a file the test
/// shows when something fails.
final class BootstrapProcess: @unchecked Sendable {
    // @unchecked: `process` is only started, asked `isRunning` and terminated, which Foundation's
    // Process allows from any thread; the rest is immutable.
    private let process = Process()
    private let folder: TemporaryDirectory
    let started: Date

    /// Starts `bootstrap` with this process's PATH and `environment` only (no stray AWS settings).
    init(handler: String, runtimeAPI: String, environment: [String: String]) throws {
        folder = try TemporaryDirectory("bootstrap")
        let output = folder.file("output.log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = Paths.executable("bootstrap")
        var variables = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        variables["_HANDLER"] = handler
        variables["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI
        variables["AIOPS_LOG_LEVEL"] = "debug"
        process.environment = variables.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        started = Date()
        try process.run()
    }

    deinit { stop() }

    var isRunning: Bool { process.isRunning }
    var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// What the function logged (JSON lines) and printed.
    var output: String { (try? String(contentsOf: folder.file("output.log"), encoding: .utf8)) ?? "" }

    /// Waits (bounded) for the process to exit on its own.
    func waitForExit(timeout: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return exitStatus
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
