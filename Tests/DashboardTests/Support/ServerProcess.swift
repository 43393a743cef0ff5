import Foundation
import Synchronization
import TestSupport

/// A real `aiops serve` (or `aiops demo`) process on a free loopback port, stopped when released.
final class ServerProcess {
    struct StartError: Error, CustomStringConvertible {
        var description: String
    }

    let url: URL
    private let process: Process
    private let output: Output

    /// Starts `aiops <arguments>` and waits (at most `timeout` seconds) for the line `dashboard: <url>`.
    init(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws {
        let process = Process()
        process.executableURL = Paths.executable("aiops")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        let output = Output()
        output.follow(stdout.fileHandleForReading, into: \.stdout)
        output.follow(stderr.fileHandleForReading, into: \.stderr)
        try process.run()
        self.process = process
        self.output = output
        let deadline = Date().addingTimeInterval(timeout)
        var found: URL?
        while found == nil {
            found = output.dashboardURL()
            if found != nil { break }
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { process.terminate() }
                throw StartError(
                    description: "aiops \(arguments.joined(separator: " ")) did not print its address: "
                        + "stdout: \(output.text(\.stdout)) stderr: \(output.text(\.stderr))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        url = found ?? URL(fileURLWithPath: "/")
    }

    /// What the process printed so far.
    var stdout: String { output.text(\.stdout) }
    var stderr: String { output.text(\.stderr) }

    /// A TCP port free on 127.0.0.1 right now, for a process that cannot pick its own (port 0).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw StartError(description: "no socket for a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
            }
        }
        guard bound else { throw StartError(description: "could not bind a free port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops the process with SIGTERM (a graceful shutdown) and waits for it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }

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

        func dashboardURL() -> URL? {
            let line = text(\.stdout).split(separator: "\n").first { $0.contains("dashboard: http") }
            guard let line, let range = line.range(of: "http") else { return nil }
            return URL(string: String(line[range.lowerBound...].prefix { !$0.isWhitespace }))
        }
    }
}
