import AIOpsCore
import Foundation
import Simulator
import Testing

@Suite("Instance controller: reboots, stops and starts")
struct ControllerTests {
    static let onset = wednesday.plus(hours: 10)

    @Test func rebootClearsTheFaultsARebootClearsAndLeavesTheOthers() async throws {
        let (fleet, clock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        for kind in FaultKind.allCases { try fleet.inject(kind, instanceID: web.id, at: Self.onset) }
        clock.advance(to: Self.onset.plus(minutes: 10))
        #expect(fleet.activeFaults(instanceID: web.id) == Set(FaultKind.allCases))
        try await fleet.reboot(instanceID: web.id)
        #expect(fleet.activeFaults(instanceID: web.id) == [.crashLoop, .trafficSurge, .networkDegradation, .diskFull])
        let history = fleet.faultHistory()
        for record in history {
            if record.kind.clearedByReboot {
                #expect(record.end == Self.onset.plus(minutes: 10) && record.endedBy == .reboot)
            } else {
                #expect(record.end == nil && record.endedBy == nil)
            }
        }
        #expect(
            history.filter { $0.end != nil }.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [
                .cpuRunaway, .errorBurst, .memoryLeak,
            ])
    }

    @Test func rebootTakesTheInstanceDownBriefly() async throws {
        let (fleet, clock) = try makeFleet()
        let api = try #require(fleet.first(.api))
        clock.advance(to: Self.onset.plus(seconds: 20))
        try await fleet.reboot(instanceID: api.id)
        #expect(try await fleet.instance(id: api.id)?.state == .rebooting)
        clock.advance(by: 60)
        #expect(try await fleet.instance(id: api.id)?.state == .rebooting)
        clock.advance(by: 31)
        #expect(try await fleet.instance(id: api.id)?.state == .running)
        clock.advance(to: Self.onset.plus(minutes: 10))
        let cpu = try await fleet.points(
            .cpuUtilization, of: api.id, from: Self.onset.plus(minutes: -5), to: Self.onset.plus(minutes: 10))
        let stamps = Set(cpu.map { Int($0.timestamp.timeIntervalSince(Self.onset) / 60) })
        // Down from 10:00:20 to 10:01:50: the minutes 10:00 and 10:01 have no datapoint.
        #expect(stamps == Set(-5..<10).subtracting([0, 1]))
        // A five-minute period keeps its point from the minutes that were up.
        let coarse = try await fleet.points(
            .cpuUtilization, of: api.id, from: Self.onset, to: Self.onset.plus(minutes: 10), period: 300)
        #expect(coarse.count == 2)
        // The logs tell the story: the service stops, the host boots, the service starts.
        let lines = try await fleet.messages(of: api.id, from: Self.onset, to: Self.onset.plus(minutes: 3))
        let story = [
            "System is rebooting.", "Stopped orders.service", "reboot: Restarting system", "Linux version",
            "Started orders.service", "Started OrdersApplication",
        ]
        var index = lines.startIndex
        for step in story {
            let found = try #require(lines[index...].firstIndex { $0.contains(step) }, "\(step)")
            index = found
        }
        let down = try await fleet.events(
            instanceID: api.id, from: Self.onset.plus(seconds: 21), to: Self.onset.plus(seconds: 110))
        #expect(down.isEmpty)
    }

    @Test func aCrashLoopComesBackAfterAReboot() async throws {
        let (fleet, clock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        try fleet.inject(.crashLoop, instanceID: web.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 5))
        try await fleet.reboot(instanceID: web.id)
        clock.advance(to: Self.onset.plus(minutes: 15))
        let lines = try await fleet.messages(
            of: web.id, from: Self.onset.plus(minutes: 7), to: Self.onset.plus(minutes: 15))
        #expect(
            lines.filter { $0.contains("storefront.service: Main process exited, code=exited, status=1/FAILURE") }.count
                >= 10)
        // The restart counter starts again after the boot.
        #expect(lines.contains { $0.hasSuffix("restart counter is at 1.") })
        #expect(fleet.activeFaults(instanceID: web.id) == [.crashLoop])
    }

    @Test func stopAndStartCycleTheInstance() async throws {
        let (fleet, clock) = try makeFleet()
        let db = try #require(fleet.first(.db))
        try fleet.inject(.memoryLeak, instanceID: db.id, at: Self.onset)
        try fleet.inject(.trafficSurge, instanceID: db.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 10))
        try await fleet.stop(instanceID: db.id)
        #expect(try await fleet.instance(id: db.id)?.state == .stopping)
        clock.advance(by: 120)
        #expect(try await fleet.instance(id: db.id)?.state == .stopped)
        await #expect(throws: AIOpsError.self) { try await fleet.reboot(instanceID: db.id) }
        try await fleet.stop(instanceID: db.id)  // already stopped: nothing happens
        clock.advance(by: 600)
        try await fleet.start(instanceID: db.id)
        #expect(try await fleet.instance(id: db.id)?.state == .pending)
        clock.advance(by: 61)
        #expect(try await fleet.instance(id: db.id)?.state == .running)
        #expect(fleet.activeFaults(instanceID: db.id) == [.trafficSurge])
        #expect(fleet.faultHistory().first { $0.kind == .memoryLeak }?.endedBy == .stop)
        clock.advance(by: 600)
        let memory = try await fleet.points(
            .memoryUtilization, of: db.id, from: Self.onset, to: Self.onset.plus(minutes: 35))
        let gap = memory.filter {
            $0.timestamp >= Self.onset.plus(minutes: 10) && $0.timestamp < Self.onset.plus(minutes: 23)
        }
        #expect(gap.isEmpty)
        #expect(memory.contains { $0.timestamp >= Self.onset.plus(minutes: 24) })
        #expect(fleet.controllerCalls(instanceID: db.id).map(\.kind) == [.stop, .reboot, .stop, .start])
    }

    @Test func actionsAreCountedPerInstanceAndUnknownInstancesAreErrors() async throws {
        let (fleet, clock) = try makeFleet()
        let a = fleet.members[0].id
        let b = fleet.members[1].id
        try await fleet.reboot(instanceID: a)
        clock.advance(by: 600)
        try await fleet.reboot(instanceID: a)
        await #expect {
            try await fleet.reboot(instanceID: "i-0unknown")
        } throws: { error in
            (error as? AIOpsError)?.code == .notFound && "\(error)".contains("i-0unknown")
        }
        await #expect(throws: AIOpsError.self) { try await fleet.stop(instanceID: "i-0unknown") }
        await #expect(throws: AIOpsError.self) { try await fleet.start(instanceID: "i-0unknown") }
        #expect(fleet.controllerCalls(instanceID: a).count == 2)
        #expect(fleet.controllerCalls(instanceID: b).isEmpty)
        #expect(fleet.controllerCalls().map(\.at) == [wednesday, wednesday.plus(minutes: 10)])
    }

    @Test func theFleetCanBeSharedAcrossTasks() async throws {
        let (fleet, clock) = try makeFleet(instances: 6)
        clock.advance(to: Self.onset)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for member in fleet.members {
                group.addTask {
                    try fleet.inject(
                        .errorBurst, instanceID: member.id, at: Self.onset.plus(minutes: -30), duration: 600)
                    _ = try await fleet.events(instanceID: member.id, from: Self.onset.plus(hours: -1), to: Self.onset)
                    _ = try await fleet.points(
                        .cpuUtilization, of: member.id, from: Self.onset.plus(hours: -1), to: Self.onset)
                    try await fleet.reboot(instanceID: member.id)
                }
            }
            try await group.waitForAll()
        }
        #expect(fleet.faultHistory().count == 6)
        #expect(fleet.controllerCalls().count == 6)
        #expect(try await fleet.monitoredInstances().allSatisfy { $0.state == .rebooting })
    }
}
