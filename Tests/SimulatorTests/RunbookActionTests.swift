import AIOpsCore
import Foundation
import Simulator
import Testing

@Suite("Instance controller: the runbooks' actions")
struct RunbookActionTests {
    static let onset = wednesday.plus(hours: 10)

    @Test func aServiceRestartEndsAnErrorBurstButNotACrashLoop() async throws {
        let (fleet, clock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        let worker = try #require(fleet.first(.worker))
        try fleet.inject(.errorBurst, instanceID: web.id, at: Self.onset)
        try fleet.inject(.crashLoop, instanceID: worker.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 5))
        try await fleet.restartService(try #require(ServiceName("storefront")), instanceID: web.id)
        try await fleet.restartService(try #require(ServiceName("celery-worker.service")), instanceID: worker.id)
        #expect(fleet.activeFaults(instanceID: web.id).isEmpty)
        #expect(fleet.activeFaults(instanceID: worker.id) == [.crashLoop])
        let burst = try #require(fleet.faultHistory().first { $0.instanceID == web.id })
        #expect(burst.endedBy == .serviceRestart && burst.end == Self.onset.plus(minutes: 5))
        // The instance stays up: a restart is not a reboot.
        #expect(try await fleet.instance(id: web.id)?.state == .running)
        clock.advance(to: Self.onset.plus(minutes: 20))
        let after = try await fleet.messages(
            of: web.id, from: Self.onset.plus(minutes: 6), to: Self.onset.plus(minutes: 16))
        #expect(after.filter(isError).count < 10)
        #expect(fleet.controllerCalls(instanceID: web.id).map(\.kind) == [.restartService])
    }

    @Test func aRestartOfAUnitTheInstanceDoesNotRunFails() async throws {
        let (fleet, clock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        try fleet.inject(.errorBurst, instanceID: web.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 5))
        await #expect(throws: AIOpsError.self) {
            try await fleet.restartService(try #require(ServiceName("postgresql")), instanceID: web.id)
        }
        #expect(fleet.activeFaults(instanceID: web.id) == [.errorBurst])
    }

    @Test func aFullDiskShowsInTheDiskMetricAndLogsAndFreeingDiskEndsIt() async throws {
        let (fleet, clock) = try makeFleet()
        let api = try #require(fleet.first(.api))
        try fleet.inject(.diskFull, instanceID: api.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 10))
        let before = try await fleet.points(
            .diskUsedPercent, of: api.id, from: Self.onset.plus(minutes: -10), to: Self.onset, period: 300)
        let during = try await fleet.points(
            .diskUsedPercent, of: api.id, from: Self.onset.plus(minutes: 5), to: Self.onset.plus(minutes: 10),
            period: 300)
        #expect(before.allSatisfy { (30...70).contains($0.value) })
        #expect(try #require(during.first).value > 99)
        let lines = try await fleet.messages(of: api.id, from: Self.onset, to: Self.onset.plus(minutes: 10))
        #expect(lines.filter { $0.contains("No space left on device") }.count >= 50)

        // A reboot leaves the files where they are.
        try await fleet.reboot(instanceID: api.id)
        #expect(fleet.activeFaults(instanceID: api.id) == [.diskFull])
        clock.advance(to: Self.onset.plus(minutes: 15))
        try await fleet.freeDisk(instanceID: api.id)
        #expect(fleet.activeFaults(instanceID: api.id).isEmpty)
        clock.advance(to: Self.onset.plus(minutes: 30))
        let after = try await fleet.points(
            .diskUsedPercent, of: api.id, from: Self.onset.plus(minutes: 20), to: Self.onset.plus(minutes: 30),
            period: 300)
        #expect(after.allSatisfy { (30...70).contains($0.value) })
        let quiet = try await fleet.messages(
            of: api.id, from: Self.onset.plus(minutes: 16), to: Self.onset.plus(minutes: 26))
        #expect(!quiet.contains { $0.contains("No space left on device") })
    }

    @Test func automationRunsTheDocumentsTheAccountHas() async throws {
        let (fleet, clock) = try makeFleet()
        let db = try #require(fleet.first(.db))
        try fleet.inject(.cpuRunaway, instanceID: db.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 5))
        await #expect(throws: AIOpsError.self) {
            try await fleet.runAutomation(document: "Custom-Nothing", instanceID: db.id)
        }
        try await fleet.runAutomation(document: "AWS-RestartEC2Instance", instanceID: db.id)
        #expect(fleet.activeFaults(instanceID: db.id).isEmpty)
        #expect(try await fleet.instance(id: db.id)?.state == .rebooting)
    }
}
