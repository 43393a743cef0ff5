import AIOpsCore
import Foundation
import TestSupport
import Testing

/// The seed's whole chain on moto: train, then one `aiops detect --once` cycle.
@Suite struct AgentCycleMotoTests {
    @Test func detectOncePublishesStoresEscalatesAndRebootsOnlyTheOptedInInstance() async throws {
        let scenario = try await AgentScenario.seed()
        let server = try MotoServer.shared()
        let environment = scenario.environment(endpoint: server.url)
        let setup = try Subprocess.aiops(["aws-setup"], environment: environment, timeout: 120)
        try #require(setup.status == 0, "\(setup.stderr)")

        let cycle = try Subprocess.aiops(["detect", "--once"], environment: environment, timeout: 300)
        try #require(cycle.status == 0, "\(cycle.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(cycle.stdout.utf8)) as? [String: Any]
        #expect(figures?["instances"] as? Int == 3, "\(cycle.stdout)")
        #expect(figures?["anomalies"] as? Int == 2, "\(cycle.stdout)")
        try await scenario.expectOneCompleteCycle(stderr: cycle.stderr)

        // A second cycle over the same window (the checkpoint moved on: nothing new) acts on nothing.
        let again = try Subprocess.aiops(["detect", "--once"], environment: environment, timeout: 300)
        #expect(again.status == 0, "\(again.stderr)")
        let reboots = try await scenario.store.actions(
            incidentID: nil, instanceID: scenario.healer, since: nil, limit: 50)
        #expect(reboots.count == 1)
    }
}
