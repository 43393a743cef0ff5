import AIOpsCore
import Foundation
import Simulator
import Testing

/// Fleet-level faults (issue #15): zones, the web → api → db topology, change events, a release
/// rolled out, a degraded network, and the fleet scenario that plays them.
@Suite("Fleet-level faults: zones, topology, changes")
struct FleetFaultTests {
    static let onset = wednesday.plus(hours: 10)

    @Test func zonesAndTopologyAreTagsOnlyWhenAskedFor() throws {
        let (plain, _) = try makeFleet()
        #expect(plain.members.allSatisfy { $0.tags["AvailabilityZone"] == nil && $0.tags["DependsOn"] == nil })
        let (fleet, _) = try makeFleet {
            $0.zones = ["z-a", "z-b"]
            $0.topology = true
        }
        #expect(Set(fleet.members.compactMap { $0.tags["AvailabilityZone"] }) == ["z-a", "z-b"])
        for member in fleet.members {
            let upstream: String? = [.web: "api", .api: "db"][member.role]
            #expect(member.tags["DependsOn"] == upstream, "\(member.name)")
        }
        // The same seed keeps its instances: the new tags are all that differs.
        #expect(fleet.members.map(\.id) == plain.members.map(\.id))
        #expect(throws: AIOpsError.self) { try makeFleet { $0.zones = ["z-a", " "] } }
    }

    @Test func aReleaseRolledOutLeavesAChangePerInstanceVisibleOnceItHappened() async throws {
        let (fleet, clock) = try makeFleet()
        let web = fleet.members.filter { $0.role == .web }.map(\.id)
        let instances = web.map { Instance(id: $0, name: $0) }
        try fleet.rollOut(release: "2.4.1", to: web, start: Self.onset, spacing: 120, fault: .crashLoop)
        clock.advance(to: Self.onset.plus(minutes: 3))
        let seen = try await fleet.changes(
            of: instances, from: Self.onset.plus(minutes: -30), to: Self.onset.plus(hours: 1))
        // Two of the three landed by now (0 and 2 minutes in); the third is still to come.
        #expect(seen.map(\.instanceID) == Array(web.prefix(2)))
        #expect(seen.allSatisfy { $0.kind == .deploy && $0.subject == "release 2.4.1" })
        #expect(fleet.activeFaults(instanceID: web[0]) == [.crashLoop])
        #expect(fleet.activeFaults(instanceID: web[2]).isEmpty)
        clock.advance(to: Self.onset.plus(minutes: 10))
        let all = try await fleet.changes(of: instances, from: Self.onset, to: Self.onset.plus(hours: 1))
        #expect(all.count == web.count)
        #expect(Set(all.map(\.id)).count == web.count)
        #expect(throws: AIOpsError.self) { try fleet.recordChange(.deploy, subject: "x", instanceID: "i-nope") }
    }

    @Test func aDegradedNetworkSlowsTheInstanceAndCutsItsTraffic() async throws {
        let (fleet, clock) = try makeFleet()
        let api = try #require(fleet.first(.api))
        try fleet.inject(.networkDegradation, instanceID: api.id, at: Self.onset, duration: 30 * 60)
        clock.advance(to: Self.onset.plus(hours: 1))
        func mean(_ metric: MetricName, _ from: Date, _ to: Date) async throws -> Double {
            let points = try await fleet.points(metric, of: api.id, from: from, to: to)
            return points.map(\.value).reduce(0, +) / Double(max(points.count, 1))
        }
        let before = Self.onset.plus(minutes: -30)
        let during = Self.onset.plus(minutes: 30)
        #expect(try await mean(.cpuUtilization, Self.onset, during) > mean(.cpuUtilization, before, Self.onset) + 10)
        #expect(try await mean(.networkOut, Self.onset, during) < 0.6 * mean(.networkOut, before, Self.onset))
        let lines = try await fleet.messages(of: api.id, from: Self.onset, to: during)
        #expect(lines.contains { $0.contains("TX timed out") })
        #expect(
            try await fleet.messages(of: api.id, from: before, to: Self.onset).allSatisfy {
                !$0.contains("TX timed out")
            })
        // A reboot does not mend a network.
        let (other, otherClock) = try makeFleet()
        try other.inject(.networkDegradation, instanceID: api.id, at: Self.onset)
        otherClock.advance(to: Self.onset.plus(minutes: 10))
        try await other.reboot(instanceID: api.id)
        #expect(other.activeFaults(instanceID: api.id) == [.networkDegradation])
    }

    @Test func theFleetScenarioNeedsItsRolesAndDeclaresItsWindow() throws {
        let (fleet, _) = try makeFleet(instances: 16) { $0 = FleetScenario.configuration($0) }
        let scenario = try FleetScenario.play(on: fleet, start: Self.onset)
        #expect(scenario.episodes.map(\.name) == ["release", "dependency", "zone", "flapping", "maintenance"])
        let window = try #require(scenario.maintenance.first)
        let patched = try #require(scenario.episodes.last)
        #expect(patched.instanceIDs == [window.instanceID])
        #expect(window.start <= patched.start && patched.end <= window.end)
        let (small, _) = try makeFleet(instances: 6) { $0 = FleetScenario.configuration($0) }
        #expect(throws: AIOpsError.self) { try FleetScenario.play(on: small, start: Self.onset) }
    }
}
