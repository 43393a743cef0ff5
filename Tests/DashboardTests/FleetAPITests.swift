import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Dashboard

@Suite("Fleet, metrics, actions and health")
struct FleetAPITests {
    @Test("instances list health, last score, open incidents and a sparkline's points")
    func instances() async throws {
        let fixture = try await DashboardFixture().seeded(40)
        let unresolved = try await fixture.store.incidents(matching: IncidentFilter(), limit: 1000, cursor: nil).items
            .filter { $0.status != .resolved }
        try await fixture.application().test(.router) { client in
            let list = try await client.execute(uri: "/api/v1/instances", method: .get, headers: fixture.authorized) {
                #expect($0.status == .ok)
                return try $0.decode(API.List<API.Instance>.self)
            }
            #expect(list.items.map(\.id).sorted() == fixture.fleet.instances.map(\.id).sorted())
            for item in list.items {
                #expect(item.openIncidents == unresolved.filter { $0.instanceID == item.id }.count, "\(item.name)")
                #expect(item.recent.count == 60)
            }
            #expect(list.items.contains { $0.health == "critical" && $0.lastScore == 0.81 })
            #expect(list.items.reduce(0) { $0 + $1.openIncidents } == unresolved.count)
        }
    }

    @Test("an instance's metric over a window; the default window is the last three hours")
    func metrics() async throws {
        let fixture = try await DashboardFixture().seeded(5)
        let instance = fixture.fleet.instances[1]
        try await fixture.application().test(.router) { client in
            let all = try await client.execute(
                uri: "/api/v1/instances/\(instance.id)/metrics", method: .get, headers: fixture.authorized
            ) {
                #expect($0.status == .ok)
                return try $0.decode(API.Metrics.self)
            }
            #expect(all.metric == "CPUUtilization")
            #expect(all.points.count == 60)
            #expect(all.to == DashboardFixture.now)
            #expect(all.to.timeIntervalSince(all.from) == 3 * 3600)
            #expect(all.period == 60)
            let from = ISO8601.string(from: DashboardFixture.now.addingTimeInterval(-600))
            let recent = try await client.execute(
                uri: "/api/v1/instances/\(instance.id)/metrics?metric=CPUUtilization&from=\(from)", method: .get,
                headers: fixture.authorized
            ) { try $0.decode(API.Metrics.self) }
            #expect(recent.points.count == 11)
            #expect(recent.points.allSatisfy { $0.timestamp >= DashboardFixture.now.addingTimeInterval(-600) })
            let other = try await client.execute(
                uri: "/api/v1/instances/\(instance.id)/metrics?metric=NetworkIn", method: .get,
                headers: fixture.authorized
            ) { try $0.decode(API.Metrics.self) }
            #expect(other.points.isEmpty)
        }
    }

    @Test("metrics: unknown instance 404, bad window 400")
    func metricsErrors() async throws {
        let fixture = try await DashboardFixture().seeded(1)
        let id = fixture.fleet.instances[0].id
        try await fixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/instances/i-unknown/metrics", method: .get, headers: fixture.authorized
            ) {
                #expect($0.status == .notFound)
            }
            for query in [
                "from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z",
                "from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z",
                "to=soon", "metric=",
            ] {
                try await client.execute(
                    uri: "/api/v1/instances/\(id)/metrics?\(query)", method: .get, headers: fixture.authorized
                ) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(response.errorCode == "invalid_parameter")
                }
            }
        }
    }

    @Test("the period grows so a window holds at most 1440 points")
    func period() {
        #expect(
            FleetController<InMemoryIncidentStore, SnapshotMetricSource<InMemoryIncidentStore>>.period(for: 3600) == 60)
        #expect(
            FleetController<InMemoryIncidentStore, SnapshotMetricSource<InMemoryIncidentStore>>.period(for: 86_400)
                == 60)
        #expect(
            FleetController<InMemoryIncidentStore, SnapshotMetricSource<InMemoryIncidentStore>>.period(for: 15 * 86_400)
                == 900)
    }

    @Test("actions: newest first, by instance, incident and time, limited")
    func actions() async throws {
        let fixture = try await DashboardFixture().seeded(60)
        let stored = await fixture.store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 1000)
        #expect(stored.count > 3)
        try await fixture.application().test(.router) { client in
            let all = try await client.execute(uri: "/api/v1/actions", method: .get, headers: fixture.authorized) {
                #expect($0.status == .ok)
                return try $0.decode(API.List<API.Action>.self)
            }
            #expect(all.items.map(\.id) == stored.prefix(100).map(\.id))
            let one = stored[1]
            let byInstance = try await client.execute(
                uri: "/api/v1/actions?instance=\(one.instanceID)&limit=500", method: .get, headers: fixture.authorized
            ) { try $0.decode(API.List<API.Action>.self) }
            #expect(byInstance.items.map(\.id) == stored.filter { $0.instanceID == one.instanceID }.map(\.id))
            let byIncident = try await client.execute(
                uri: "/api/v1/actions?incident=\(one.incidentID)", method: .get, headers: fixture.authorized
            ) { try $0.decode(API.List<API.Action>.self) }
            #expect(byIncident.items.map(\.id) == [one.id])
            let since = try await client.execute(
                uri: "/api/v1/actions?since=\(ISO8601.string(from: one.at))&limit=2", method: .get,
                headers: fixture.authorized
            ) { try $0.decode(API.List<API.Action>.self) }
            #expect(since.items.map(\.id) == stored.filter { $0.at >= one.at }.prefix(2).map(\.id))
            for query in ["limit=-1", "since=then", "instance="] {
                try await client.execute(uri: "/api/v1/actions?\(query)", method: .get, headers: fixture.authorized) {
                    #expect($0.status == .badRequest, "\(query)")
                }
            }
        }
    }

    @Test("healthz answers without a token")
    func health() async throws {
        let fixture = DashboardFixture()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.fields["status"] as? String == "ok")
                #expect(response.fields["time"] as? String == "2026-11-25T12:00:00Z")
            }
        }
    }
}
