import Foundation
import TestSupport

/// An `aiops-store-torture write-loop` child process that the crash test kills with SIGKILL.
final class TortureChild {
    static let executable = Paths.executable("aiops-store-torture")

    private let process = Process()
    private let output: URL
    private let errors: URL
    private let handles: [FileHandle]

    init(path: String, until: Int, output: URL) throws {
        self.output = output
        errors = output.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = ["write-loop", path, String(until)]
        handles = [try FileHandle(forWritingTo: output), try FileHandle(forWritingTo: errors)]
        process.standardOutput = handles[0]
        process.standardError = handles[1]
        try process.run()
    }

    /// Waits until the child has reported `steps` committed steps (or ended, or two minutes passed).
    func waitForProgress(_ steps: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while process.isRunning && committed().count < steps && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Kills the child at once, without any chance to clean up, and returns the steps it reported.
    /// Throws when the child had already ended by itself, with what it printed.
    func kill() throws -> [Int] {
        let wasRunning = process.isRunning
        if wasRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        for handle in handles { try? handle.close() }
        guard wasRunning, process.terminationReason == .uncaughtSignal else {
            let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
            throw ChildEnded(status: process.terminationStatus, stderr: stderr)
        }
        return committed()
    }

    func committed() -> [Int] {
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            line.hasPrefix("committed ") ? Int(line.dropFirst("committed ".count)) : nil
        }
    }

    struct ChildEnded: Error, CustomStringConvertible {
        var status: Int32
        var stderr: String
        var description: String { "the torture child ended by itself (status \(status)) before the kill: \(stderr)" }
    }
}

/// A seeded generator, so the kill moments are the same on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
