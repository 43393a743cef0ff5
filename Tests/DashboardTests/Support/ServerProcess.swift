import Foundation
import TestSupport

/// A real `aiops serve` (or `aiops demo`) on a loopback port: the process and the address it
/// printed; stopped gracefully when released.
final class ServerProcess {
    let url: URL
    let process: BackgroundProcess

    /// Starts `aiops <arguments>` and waits (at most `timeout` seconds) for the line `dashboard: <url>`.
    init(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws {
        process = try BackgroundProcess.aiops(arguments, environment: environment)
        let line = try await process.line(containing: "dashboard: http", timeout: timeout)
        let address = line[(line.range(of: "http") ?? line.startIndex..<line.startIndex).lowerBound...]
        guard let url = URL(string: String(address.prefix { !$0.isWhitespace })) else {
            throw TestSupportError("aiops \(arguments.joined(separator: " ")) printed no address: \(line)")
        }
        self.url = url
    }

    /// What the process printed so far.
    var stdout: String { process.stdout }
    var stderr: String { process.stderr }

    /// Stops the process with SIGTERM (a graceful shutdown) and waits for it.
    func stop() { process.terminate() }

    deinit { stop() }
}
