public import Foundation
import Synchronization

/// A long-running child process (e.g. `aiops run --aws`) whose output the test follows while it
/// runs, then stops with a signal; killed when released.
public final class BackgroundProcess: Sendable {
    private let process: Process
    private let output = Output()

    /// Starts `executable` with `arguments`, the test's environment overlaid by `environment`.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        output.follow(stdout.fileHandleForReading, into: \.stdout)
        output.follow(stderr.fileHandleForReading, into: \.stderr)
        try process.run()
        self.process = process
    }

    /// Starts the package's `aiops` executable.
    public static func aiops(_ arguments: [String], environment: [String: String] = [:]) throws -> BackgroundProcess {
        try BackgroundProcess(Paths.executable("aiops"), arguments, environment: environment)
    }

    /// What the process printed so far.
    public var stdout: String { output.text(\.stdout) }
    public var stderr: String { output.text(\.stderr) }
    public var isRunning: Bool { process.isRunning }

    /// Waits until `condition` holds for the output printed so far; false when the process ends
    /// first or `timeout` seconds pass (generous: a deadline, not a measurement).
    public func wait(timeout: TimeInterval, until condition: (_ stdout: String) -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(stdout) { return true }
            if !process.isRunning { return condition(stdout) }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition(stdout)
    }

    /// Waits for the first whole line of stdout that contains `text` and returns it; throws, with
    /// what the process printed, when the process ends first or `timeout` seconds pass.
    public func line(containing text: String, timeout: TimeInterval) async throws -> String {
        var found: String?
        _ = try await wait(timeout: timeout) { stdout in
            let whole = stdout.lastIndex(of: "\n").map { stdout[...$0] } ?? ""
            found = whole.split(separator: "\n").first { $0.contains(text) }.map(String.init)
            return found != nil
        }
        guard let found else {
            let state = process.isRunning ? "within \(Int(timeout)) s" : "before it exited"
            throw TestSupportError(
                "\(process.executableURL?.lastPathComponent ?? "the process") did not print \"\(text)\" \(state): "
                    + "stdout: \(stdout) stderr: \(stderr)")
        }
        return found
    }

    /// Sends SIGTERM (a graceful shutdown) and waits for the exit however long it takes: for a
    /// `defer`, where `stop(signal:timeout:)` cannot be awaited.
    public func terminate() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Sends `signal` (SIGTERM by default) and waits at most `timeout` seconds for the exit
    /// status; nil when the process did not exit in time (it is then killed).
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval) async throws -> Int32? {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// The output streams, filled by reader threads.
    private final class Output: Sendable {
        struct Buffers {
            var stdout = Data()
            var stderr = Data()
        }
        private let buffers = Mutex(Buffers())

        func follow(_ handle: FileHandle, into keyPath: any WritableKeyPath<Buffers, Data> & Sendable) {
            let thread = Thread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { return }
                    buffers.withLock { $0[keyPath: keyPath].append(chunk) }
                }
            }
            thread.start()
        }

        func text(_ keyPath: any KeyPath<Buffers, Data> & Sendable) -> String {
            buffers.withLock { String(decoding: $0[keyPath: keyPath], as: UTF8.self) }
        }
    }
}
