import Foundation
import TestSupport
import Testing

/// The README's "Against AWS, from one machine" block, run as written against moto: its exports,
/// `aws-setup`, `mkdir`, `train`, `detect --once` and `run --aws`. Only moto's address, the seeded
/// instance's id and the dashboard's port (0, as other tests use 8080) are put in; the fault is
/// made to happen between training and detection, as it would for a user.
@Suite struct ReadmeQuickStartTests {
    @Test func theAWSQuickStartRunsAsWritten() async throws {
        // Its own server: the seed uses the README's fixed tag and log group names.
        let moto = try MotoServer()
        let folder = try TemporaryDirectory("readme-quick-start")
        let commands = try Self.quickStart()
        #expect(commands.first?.hasPrefix("export AWS_ENDPOINT_URL=") == true, "\(commands)")

        var environment = ["AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"]
        let seeded = try Self.seed(["--history-only"], endpoint: moto.url)
        let web1 = try #require(seeded["web-1"])
        var ran: [String] = []
        for command in commands {
            let line = command.replacingOccurrences(of: "i-0123456789abcdef0", with: web1)
                .replacingOccurrences(of: "$PWD", with: folder.url.path)
            var words = line.split(separator: " ").map(String.init)
            switch words.first {
            case "export":
                for assignment in words.dropFirst() {
                    let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                    environment[parts[0]] = parts[0] == "AWS_ENDPOINT_URL" ? moto.url.absoluteString : parts[1]
                }
            case "mkdir":
                try FileManager.default.createDirectory(
                    at: folder.url.appendingPathComponent(words.last ?? ""), withIntermediateDirectories: true)
            case "aiops" where words.dropFirst().first == "run":
                words += ["--port", "0"]
                let agent = try BackgroundProcess.aiops(Array(words.dropFirst()), environment: environment)
                let cycled = try await agent.wait(timeout: 240) { output in
                    output.contains("dashboard: http://")
                        && output.split(separator: "\n").contains { $0.hasPrefix("{") }
                }
                #expect(cycled, "\(line)\nstdout: \(agent.stdout)\nstderr: \(agent.stderr)")
                #expect(try await agent.stop(signal: SIGTERM, timeout: 120) == 0, "\(agent.stderr)")
            case "aiops":
                if words.dropFirst().first == "detect" {
                    // The fault happens after the model learnt the quiet history, in the period the
                    // cycle judges: not a few seconds before a 5-minute boundary moves that period on.
                    let intoPeriod = Date().timeIntervalSince1970.truncatingRemainder(dividingBy: 300)
                    if intoPeriod > 270 { try await Task.sleep(for: .seconds(302 - intoPeriod)) }
                    _ = try Self.seed(["--spike", Self.json(seeded)], endpoint: moto.url)
                }
                let result = try Subprocess.aiops(
                    Array(words.dropFirst()), environment: environment, currentDirectory: folder.url, timeout: 300)
                try #require(result.status == 0, "\(line)\nstdout: \(result.stdout)\nstderr: \(result.stderr)")
                if words.dropFirst().first == "train" {
                    #expect(
                        result.stderr.contains("warmed default on ")
                            && result.stderr.contains(" rows of \(web1) CPUUtilization (CloudWatch, 14 days)"),
                        "\(result.stderr)")
                }
                if words.dropFirst().first == "detect" {
                    let figures = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                    // Both spikes, both with the new OutOfMemoryError lines: critical; web-1 rebooted.
                    #expect(figures?["anomalies"] as? Int == 2, "\(result.stdout)")
                    #expect(figures?["criticalAlerts"] as? Int == 2, "\(result.stdout)")
                    #expect(figures?["actionsTaken"] as? Int == 1, "\(result.stdout)")
                }
            default:
                Issue.record("the quick start has a command this test does not know: \(line)")
            }
            ran.append(words.first == "aiops" ? words.prefix(2).joined(separator: " ") : words[0])
        }
        #expect(ran == ["export", "export", "aiops aws-setup", "mkdir", "aiops train", "aiops detect", "aiops run"])
    }

    /// The commands of the README's quick-start block, without their comments.
    static func quickStart() throws -> [String] {
        let readme = try String(contentsOf: Paths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Against AWS, from one machine").dropFirst().first)
        let block = try #require(
            section.components(separatedBy: "```sh\n").dropFirst().first?
                .components(separatedBy: "```").first)
        return block.split(separator: "\n").map { line in
            let code = line.range(of: " #").map { line[..<$0.lowerBound] } ?? line[...]
            return code.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }

    /// Runs scripts/seed-moto.py against `endpoint`; returns the instance ids by name.
    static func seed(_ arguments: [String], endpoint: URL) throws -> [String: String] {
        let venv =
            ProcessInfo.processInfo.environment["AIOPS_VENV"].map { URL(fileURLWithPath: $0) }
            ?? Paths.packageRoot.appendingPathComponent(".venv")
        let python = venv.appendingPathComponent("bin/python")
        let result = try Subprocess.run(
            python, [Paths.packageRoot.appendingPathComponent("scripts/seed-moto.py").path] + arguments,
            environment: ["AWS_ENDPOINT_URL": endpoint.absoluteString], timeout: 300)
        try #require(result.status == 0, "\(result.stderr)")
        let ids = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String]
        return try #require(ids, "\(result.stdout)")
    }

    static func json(_ ids: [String: String]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: ids, options: [.sortedKeys]), as: UTF8.self)
    }
}
