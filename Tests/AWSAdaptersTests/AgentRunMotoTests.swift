import AIOpsCore
import Foundation
import TestSupport
import Testing

/// `aiops run --aws` against moto: cycles on an interval, the dashboard's API over DynamoDB, and a
/// clean exit on SIGTERM.
@Suite struct AgentRunMotoTests {
    @Test func runsCyclesServesTheIncidentsAndStopsOnSIGTERM() async throws {
        let scenario = try await AgentScenario.seed()
        let environment = scenario.environment(endpoint: try MotoServer.shared().url)
        let setup = try Subprocess.aiops(["aws-setup"], environment: environment, timeout: 120)
        try #require(setup.status == 0, "\(setup.stderr)")
        let port = try #require(LoopbackSocket.freePort())

        let agent = try await scenario.runAgent(["--host", "127.0.0.1", "--port", "\(port)"], environment: environment)
        #expect(agent.stdout.contains("dashboard: http://127.0.0.1:\(port)/"))

        let reply = try #require(LoopbackHTTPClient.request(port: port, path: "/api/v1/incidents", timeoutSeconds: 60))
        #expect(reply.status == 200)
        let body = String(decoding: reply.body, as: UTF8.self)
        #expect(body.contains(scenario.healer) && body.contains(scenario.watched), "\(body)")
        // Its own metrics on loopback, without a token (docs/observability.md): the AWS calls it made.
        let metrics = try #require(LoopbackHTTPClient.request(port: port, path: "/metrics", timeoutSeconds: 60))
        let exposition = String(decoding: metrics.body, as: UTF8.self)
        #expect(metrics.status == 200)
        #expect(exposition.contains(#"aiops_aws_requests_total{service="#), "\(exposition)")
        #expect(exposition.contains("aiops_getmetricdata_metrics_total "), "\(exposition)")
        #expect(exposition.contains(#"aiops_cycles_total{outcome="ok"}"#), "\(exposition)")

        let status = try await agent.stop(signal: SIGTERM, timeout: 120)
        #expect(status == 0, "stderr: \(agent.stderr)")
        // The cycles after the first found nothing new: still exactly one reboot.
        let reboots = try await scenario.store.actions(
            incidentID: nil, instanceID: scenario.healer, since: nil, limit: 50)
        #expect(reboots.count == 1)
    }

    /// One machine, no table: the agent against AWS writes SQLite, and `aiops serve --db` serves the
    /// same file from another process while the agent runs.
    @Test func runsAgainstAWSIntoSQLiteServedBesideIt() async throws {
        let scenario = try await AgentScenario.seed()
        let environment = scenario.environment(endpoint: try MotoServer.shared().url)
        let folder = try TemporaryDirectory("run-sqlite")
        let database = folder.file("aiops.sqlite").path
        let agent = try await scenario.runAgent(
            ["--store", "sqlite:\(database)", "--port", "0"], environment: environment)

        let serve = try BackgroundProcess.aiops(["serve", "--db", database, "--port", "0"])
        let listening = try await serve.wait(timeout: 60) { $0.contains("dashboard: http://") }
        try #require(listening, "\(serve.stderr)")
        let port = try #require(
            serve.stdout.components(separatedBy: "dashboard: http://127.0.0.1:").last?
                .prefix { $0.isNumber }.description)
        let servePort = try #require(Int(port))
        let reply = try #require(
            LoopbackHTTPClient.request(port: servePort, path: "/api/v1/incidents", timeoutSeconds: 60))
        let body = String(decoding: reply.body, as: UTF8.self)
        #expect(body.contains(scenario.healer) && body.contains(scenario.watched), "\(body)")
        _ = try await serve.stop(timeout: 60)

        #expect(try await agent.stop(signal: SIGTERM, timeout: 120) == 0, "stderr: \(agent.stderr)")
        // No table was ever made (no `aws-setup`): the incidents and the one reboot are in the file.
        await #expect(throws: (any Error).self) {
            _ = try await scenario.store.incidents(matching: IncidentFilter(), limit: 10, cursor: nil)
        }
        let sqlite = URL(fileURLWithPath: "/usr/bin/sqlite3")
        let rows = try Subprocess.run(
            sqlite,
            [
                database,
                "SELECT count(*) FROM incident; SELECT count(*) FROM action WHERE instance_id = '\(scenario.healer)'",
            ])
        #expect(rows.stdout.split(separator: "\n") == ["2", "1"], "\(rows.stdout) \(rows.stderr)")
    }

    @Test func refusesToRunWithoutAWSOrWithABadInterval() throws {
        let plain = try Subprocess.aiops(["run"])
        #expect(plain.status != 0 && plain.stderr.contains("--aws"), "\(plain.stderr)")
        let bad = try Subprocess.aiops(["run", "--aws", "--interval", "soon"])
        #expect(bad.status != 0 && bad.stderr.contains("--interval"), "\(bad.stderr)")
        let store = try Subprocess.aiops(["run", "--aws", "--store", "postgres://db"])
        #expect(store.status != 0 && store.stderr.contains("sqlite:FILE"), "\(store.stderr)")
    }
}
