import AIOpsCore
import Foundation
import Simulator
import Testing

@Suite("Fleet: instances, ids and tags")
struct FleetTests {
    @Test func theSameSeedBuildsTheSameFleet() throws {
        let (a, _) = try makeFleet(seed: 7, instances: 12)
        let (b, _) = try makeFleet(seed: 7, instances: 12)
        let (c, _) = try makeFleet(seed: 8, instances: 12)
        #expect(a.members == b.members)
        #expect(a.members.map(\.id) != c.members.map(\.id))
    }

    @Test func idsLookLikeEC2Ids() throws {
        let (fleet, _) = try makeFleet(instances: 200)
        let pattern = /^i-0[0-9a-f]{17}$/
        for member in fleet.members {
            #expect(member.id.wholeMatch(of: pattern) != nil, "\(member.id)")
        }
        #expect(Set(fleet.members.map(\.id)).count == 200)
    }

    @Test func namesFollowRolesAndEveryRoleIsPresent() throws {
        let (fleet, _) = try makeFleet(instances: 8)
        #expect(
            fleet.members.map(\.name) == ["web-1", "api-1", "worker-1", "web-2", "api-2", "db-1", "web-3", "worker-2"])
        #expect(Set(fleet.members.map(\.role)) == Set(InstanceRole.allCases))
        for member in fleet.members {
            #expect(member.tags["Name"] == member.name)
            #expect(member.name.hasPrefix(member.role.rawValue + "-"))
            #expect((0.6...1.4).contains(member.loadLevel))
        }
        #expect(Set(fleet.members.map(\.loadLevel)).count == 8)
    }

    @Test func someInstancesLackTheRemediationTag() throws {
        let (fleet, _) = try makeFleet(instances: 8)
        let optedIn = fleet.members.filter { $0.tags["aiops:remediate"] == "true" }
        #expect(optedIn.count == 6)  // 25% of 8 opted out
        #expect(fleet.members.allSatisfy { $0.tags["aiops:monitor"] == "true" })

        let (all, _) = try makeFleet(instances: 8) { $0.remediationOptOutFraction = 0 }
        #expect(all.members.allSatisfy { $0.tags["aiops:remediate"] == "true" })

        let (small, _) = try makeFleet(instances: 2) { $0.remediationOptOutFraction = 0.1 }
        #expect(small.members.filter { $0.tags["aiops:remediate"] == nil }.count == 1)
    }

    @Test func theInventoryListsOnlyMonitoredInstances() async throws {
        let (fleet, _) = try makeFleet(instances: 6) { $0.unmonitoredCount = 2 }
        let monitored = try await fleet.monitoredInstances()
        #expect(monitored.map(\.id) == fleet.members.prefix(4).map(\.id))
        #expect(monitored.allSatisfy { $0.state == .running && $0.carries(.monitor) })
        let hidden = fleet.members[5]
        let found = try await fleet.instance(id: hidden.id)
        #expect(found?.name == hidden.name)
        #expect(found?.carries(.monitor) == false)
        #expect(try await fleet.instance(id: "i-0000000000000000") == nil)
    }

    @Test func badSettingsAreRejectedWithTheKnobNamed() {
        let clock = VirtualClock(start: wednesday)
        #expect {
            try SimulatedFleet(configuration: FleetConfiguration(seed: 1, instanceCount: 0), clock: clock)
        } throws: { error in
            (error as? AIOpsError)?.code == .invalidInput && "\(error)".contains("instance count")
        }
        #expect {
            var configuration = FleetConfiguration(seed: 1)
            configuration.randomFaults.ratePerInstanceHour = 3
            return try SimulatedFleet(configuration: configuration, clock: clock)
        } throws: { error in
            "\(error)".contains("random fault rate")
        }
    }
}
