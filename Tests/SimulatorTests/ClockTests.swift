import AIOpsCore
import Foundation
import Simulator
import Synchronization
import Testing

@Suite("Clocks")
struct ClockTests {
    @Test func aVirtualClockMovesOnlyWhenAdvanced() {
        let clock = VirtualClock(start: wednesday)
        #expect(clock.now() == wednesday)
        clock.advance(by: 90)
        #expect(clock.now() == wednesday.plus(seconds: 90))
        clock.advance(to: wednesday)  // never backwards
        #expect(clock.now() == wednesday.plus(seconds: 90))
    }

    @Test func sleepersWakeWhenTheClockPassesTheirDeadline() async throws {
        let clock = VirtualClock(start: wednesday)
        let woken = WokenLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for minutes in [5.0, 1, 3] {
                group.addTask {
                    try await clock.sleep(until: wednesday.plus(minutes: minutes))
                    woken.add(minutes, at: clock.now())
                }
            }
            await clock.waitForSleepers(3)
            #expect(clock.sleeperCount == 3)
            clock.advance(to: wednesday.plus(minutes: 2))
            await clock.waitForSleepers(2)
            #expect(clock.sleeperCount == 2)
            // Gives the woken task a chance to record, without relying on time.
            while woken.entries.count < 1 { await Task.yield() }
            #expect(woken.entries.map(\.0) == [1])
            clock.advance(by: 3600)
            try await group.waitForAll()
        }
        #expect(Set(woken.entries.map(\.0)) == [1, 3, 5])
        #expect(woken.entries.allSatisfy { $0.1 >= wednesday.plus(minutes: $0.0) })
        #expect(clock.sleeperCount == 0)
    }

    @Test func sleepingUntilThePastReturnsAtOnce() async throws {
        let clock = VirtualClock(start: wednesday)
        try await clock.sleep(until: wednesday)
        try await clock.sleep(until: wednesday.plus(hours: -1))
        #expect(clock.sleeperCount == 0)
    }

    @Test func aCancelledSleeperThrowsAndLeaves() async throws {
        let clock = VirtualClock(start: wednesday)
        let task = Task { try await clock.sleep(until: wednesday.plus(hours: 1)) }
        await clock.waitForSleepers(1)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.sleeperCount == 0)
    }

    @Test func anAcceleratedClockRunsFasterThanWallTime() async throws {
        let start = wednesday
        let clock = try AcceleratedClock(start: start, speed: 600)
        let wallBefore = Date()
        let simulatedBefore = clock.now()
        let target = start.plus(minutes: 5)  // half a second of wall time at 600×
        try await clock.sleep(until: target)
        let simulatedAfter = clock.now()
        let wallAfter = Date()
        #expect(simulatedAfter >= target)
        // Simulated time moved 600 times as far as wall time, however loaded the machine is: the
        // ratio is measured, not a deadline. The two wall readings bracket the simulated ones.
        let simulated = simulatedAfter.timeIntervalSince(simulatedBefore)
        let wall = wallAfter.timeIntervalSince(wallBefore)
        #expect(simulated <= wall * 600 * 1.001)
        #expect(simulated >= 5 * 60 * 0.999)
        // And at least 600 times: wall readings taken inside the simulated ones.
        let s1 = clock.now()
        let w1 = Date()
        try await Task.sleep(for: .milliseconds(50))
        let w2 = Date()
        let s2 = clock.now()
        #expect(s2.timeIntervalSince(s1) >= w2.timeIntervalSince(w1) * 600 * 0.999)
        let a = clock.now()
        let b = clock.now()
        #expect(b >= a)
    }

    @Test func anAcceleratedClockRejectsABadSpeed() {
        for speed in [0, -2, Double.nan, .infinity] {
            #expect(throws: AIOpsError.self) { try AcceleratedClock(start: wednesday, speed: speed) }
        }
    }

    @Test func theFleetRunsOnAnyClock() async throws {
        let clock = try AcceleratedClock(start: wednesday, speed: 6000)
        let fleet = try SimulatedFleet(configuration: FleetConfiguration(seed: 1, instanceCount: 2), clock: clock)
        try await clock.sleep(until: wednesday.plus(minutes: 6))
        let cpu = try await fleet.points(
            .cpuUtilization, of: fleet.members[0].id, from: wednesday, to: wednesday.plus(hours: 1))
        #expect(cpu.count >= 5)
    }
}

/// Records which sleeper woke and when (tasks write, the test reads).
final class WokenLog: Sendable {
    private let storage = Mutex<[(Double, Date)]>([])
    func add(_ minutes: Double, at date: Date) { storage.withLock { $0.append((minutes, date)) } }
    var entries: [(Double, Date)] { storage.withLock { $0 } }
}
