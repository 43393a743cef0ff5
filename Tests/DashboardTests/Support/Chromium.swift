import Foundation
import TestSupport
import Testing

/// Debian's headless Chromium with a fresh profile, its DevTools on a loopback port; killed when released.
final class Chromium {
    struct LaunchError: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let profile: TemporaryDirectory
    let devToolsPort: Int
    /// The browser's DevTools WebSocket path, `/devtools/browser/<id>`.
    let browserPath: String

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
        var path = ""
        for _ in 0..<300 {
            let lines = ((try? String(contentsOf: portFile, encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.count >= 2, let value = Int(lines[0]) {
                port = value
                path = String(lines[1])
                break
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let port else {
            process.terminate()
            throw LaunchError(description: "Chromium did not open its DevTools port within 30 s")
        }
        devToolsPort = port
        browserPath = path
    }

    /// Runs `body` with a DevTools connection attached to a new page.
    func withPage<T>(_ body: (DevToolsClient) async throws -> T) async throws -> T {
        let url = try #require(URL(string: "ws://127.0.0.1:\(devToolsPort)\(browserPath)"))
        return try await DevToolsClient.withConnection(to: url) { client in
            let created = try await client.send("Target.createTarget", ["url": "about:blank"])
            let target = try #require(created["targetId"] as? String)
            let attached = try await client.send("Target.attachToTarget", ["targetId": target, "flatten": true])
            client.sessionID = try #require(attached["sessionId"] as? String)
            return try await body(client)
        }
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
