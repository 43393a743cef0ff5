import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Debian's headless Chromium with a fresh profile, its DevTools on a loopback port; killed when released.
final class Chromium {
    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let profile: TemporaryDirectory
    let devToolsPort: Int

    init() async throws {
        guard
            let executable = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first(where: {
                FileManager.default.isExecutableFile(atPath: $0)
            })
        else {
            throw LaunchError(
                description: "Chromium is not installed: run scripts/install-test-deps.sh (apt: chromium)")
        }
        profile = try TemporaryDirectory("chromium")
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--mute-audio",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1280,1000",
            "--user-data-dir=\(profile.url.path)", "about:blank",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Chromium writes the port it picked into the profile.
        let portFile = profile.file("DevToolsActivePort")
        var port: Int?
        for _ in 0..<300 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
                let first = text.split(separator: "\n").first, let value = Int(first)
            {
                port = value
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let port else {
            process.terminate()
            throw LaunchError(description: "Chromium did not open its DevTools port within 30 s")
        }
        devToolsPort = port
    }

    /// Runs `body` with a DevTools connection to the browser's first page.
    func withPage<T>(_ body: (DevToolsClient) async throws -> T) async throws -> T {
        let list = URL(string: "http://127.0.0.1:\(devToolsPort)/json/list")!
        for _ in 0..<50 {
            let (data, _) = try await URLSession.shared.data(from: list)
            let targets = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
            if let socket = targets.first(where: { $0["type"] as? String == "page" })?["webSocketDebuggerUrl"]
                as? String,
                let url = URL(string: socket)
            {
                return try await DevToolsClient.withConnection(to: url, body)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw LaunchError(description: "Chromium has no page target")
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
