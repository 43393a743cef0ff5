import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Dashboard

/// The agent's own status (`/api/v1/status`) and `/metrics` (docs/observability.md).
@Suite("Status and metrics endpoints")
struct StatusAndMetricsAPITests {
    @Test("the status is the agent's last cycle from the store, this process's AWS errors and the version")
    func status() async throws {
        let fixture = DashboardFixture()
        let app = try buildApplication(
            {
                var dependencies = try fixture.dependencies()
                dependencies.awsErrorsLastHour = { 3 }
                return dependencies
            }(),
            configuration: DashboardConfiguration(host: "127.0.0.1", port: 0))
        try await app.test(.router) { client in
            // Before the first cycle: no cycle, and every member present.
            try await client.execute(uri: "/api/v1/status", method: .get, headers: fixture.authorized) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["version"] as? String == BuildInfo.version)
                #expect(body["lastCycle"] is NSNull)
                #expect(body["awsErrorsLastHour"] as? Int == 3)
            }
            let cycle = AgentStatus(
                at: DashboardFixture.now, seconds: 1.25, outcome: "ok", cycleID: "cycle-2026-11-25T11:55:00Z",
                instances: 4, seriesWatched: 8, monthlyCostEstimate: 0.69)
            await fixture.store.setCheckpoint(AgentStatus.checkpointKey, cycle.encoded())
            try await client.execute(uri: "/api/v1/status", method: .get, headers: fixture.authorized) { response in
                let last = try #require(try response.json()["lastCycle"] as? [String: Any])
                #expect(last["outcome"] as? String == "ok")
                #expect(last["seconds"] as? Double == 1.25)
                #expect(last["seriesWatched"] as? Int == 8)
                #expect(last["instances"] as? Int == 4)
                #expect(last["monthlyCostEstimate"] as? Double == 0.69)
                #expect(last["cycleId"] as? String == "cycle-2026-11-25T11:55:00Z")
                #expect(last["at"] as? String == "2026-11-25T12:00:00Z")
            }
            try await client.execute(uri: "/api/v1/status", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/agent", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("agent.js"))
            }
        }
    }

    @Test("/metrics needs no token on loopback, the token elsewhere, and is absent unless given")
    func metricsAccess() async throws {
        let fixture = DashboardFixture()
        var dependencies = try fixture.dependencies()
        dependencies.metricsText = { "# TYPE aiops_cycles_total counter\naiops_cycles_total{outcome=\"ok\"} 2\n" }
        // A loopback server: open to a local scraper even though the API has a token.
        let loopback = try buildApplication(dependencies, configuration: DashboardConfiguration(host: "127.0.0.1"))
        try await loopback.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                #expect(String(buffer: response.body).contains(#"aiops_cycles_total{outcome="ok"} 2"#))
            }
        }
        // Any other address: behind the token.
        let exposed = try buildApplication(dependencies, configuration: DashboardConfiguration(host: "0.0.0.0"))
        try await exposed.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/metrics", method: .get, headers: fixture.authorized) { response in
                #expect(response.status == .ok)
            }
        }
        // Without a renderer (the Lambda API function): no route.
        let plain = try buildApplication(try fixture.dependencies(), configuration: DashboardConfiguration())
        try await plain.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
