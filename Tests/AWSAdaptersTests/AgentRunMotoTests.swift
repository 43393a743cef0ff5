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
        let port = try #require(LoopbackHTTPClient.freePort())

        let agent = try BackgroundProcess.aiops(
            ["run", "--aws", "--interval", "5s", "--host", "127.0.0.1", "--port", "\(port)"],
            environment: environment)
        let cycled = try await agent.wait(timeout: 240) { output in
            output.split(separator: "\n").contains { $0.hasPrefix("{") && $0.contains(#""anomalies":2"#) }
        }
        try #require(cycled, "stdout: \(agent.stdout)\nstderr: \(agent.stderr)")
        #expect(agent.stdout.contains("dashboard: http://127.0.0.1:\(port)/"))

        let reply = try #require(LoopbackHTTPClient.request(port: port, path: "/api/v1/incidents", timeoutSeconds: 60))
        #expect(reply.status == 200)
        let body = String(decoding: reply.body, as: UTF8.self)
        #expect(body.contains(scenario.healer) && body.contains(scenario.watched), "\(body)")

        let status = try await agent.stop(signal: SIGTERM, timeout: 120)
        #expect(status == 0, "stderr: \(agent.stderr)")
        // The cycles after the first found nothing new: still exactly one reboot.
        let reboots = try await scenario.store.actions(
            incidentID: nil, instanceID: scenario.healer, since: nil, limit: 50)
        #expect(reboots.count == 1)
    }

    @Test func refusesToRunWithoutAWSOrWithABadInterval() throws {
        let plain = try Subprocess.aiops(["run"])
        #expect(plain.status != 0 && plain.stderr.contains("--aws"), "\(plain.stderr)")
        let bad = try Subprocess.aiops(["run", "--aws", "--interval", "soon"])
        #expect(bad.status != 0 && bad.stderr.contains("--interval"), "\(bad.stderr)")
    }
}
