import AIOpsCore
import Foundation
import Simulator
import Testing

/// Each fault's signature in the metrics and the logs. Faults start at 10:00 on a Wednesday.
@Suite("Faults: signatures in metrics and logs")
struct FaultTests {
    static let onset = wednesday.plus(hours: 10)

    @Test func cpuRunawayPinsTheCPU() async throws {
        let (fleet, clock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        try fleet.inject(.cpuRunaway, instanceID: web.id, at: Self.onset, duration: 1800)
        clock.advance(to: Self.onset.plus(hours: 1))
        let cpu = try await fleet.points(
            .cpuUtilization, of: web.id, from: Self.onset.plus(minutes: -30), to: Self.onset.plus(minutes: 45))
        let before = cpu.filter { $0.timestamp < Self.onset }.map(\.value)
        let during = cpu.filter { $0.timestamp >= Self.onset && $0.timestamp < Self.onset.plus(minutes: 30) }.map(
            \.value)
        let after = cpu.filter { $0.timestamp >= Self.onset.plus(minutes: 30) }.map(\.value)
        #expect(during.count == 30 && during.allSatisfy { $0 >= 93 })
        #expect(before.allSatisfy { $0 < 70 })
        #expect(after.allSatisfy { $0 < 70 })
        let record = try #require(fleet.faultHistory().first)
        #expect(record.kind == .cpuRunaway && record.end == Self.onset.plus(minutes: 30) && record.endedBy == .expired)
        // No error storm: errors stay at the background rate.
        let lines = try await fleet.messages(of: web.id, from: Self.onset, to: Self.onset.plus(minutes: 30))
        #expect(lines.filter(isError).count < 10)
        #expect(lines.contains { $0.contains("Slow request") })
    }

    @Test func memoryLeakClimbsWarnsLouderThenGetsKilled() async throws {
        let (fleet, clock) = try makeFleet()
        let api = try #require(fleet.first(.api))
        try fleet.inject(.memoryLeak, instanceID: api.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(hours: 1))
        let memory = try await fleet.points(
            .memoryUtilization, of: api.id, from: Self.onset.plus(minutes: -10), to: Self.onset.plus(minutes: 50),
            period: 300)
        func at(_ minutes: Double) -> Double {
            memory.first { $0.timestamp == Self.onset.plus(minutes: minutes) }!.value
        }
        let baseline = at(-10)
        #expect(at(10) > baseline + 5)
        #expect(at(20) > at(10) + 5)
        #expect(at(30) > at(20) + 5)
        #expect(at(35) > 95)
        #expect(at(40) < baseline + 10)  // killed at 40 minutes, restarted, leaking again
        let early = try await fleet.messages(of: api.id, from: Self.onset, to: Self.onset.plus(minutes: 15))
        let late = try await fleet.messages(
            of: api.id, from: Self.onset.plus(minutes: 25), to: Self.onset.plus(minutes: 40))
        let heap = { (lines: [String]) in lines.filter { $0.contains("HeapMonitor") }.count }
        #expect(heap(late) > 3 * max(1, heap(early)))
        #expect(late.contains { $0.contains("java.lang.OutOfMemoryError: GC overhead limit exceeded") })
        let kill = try await fleet.messages(
            of: api.id, from: Self.onset.plus(minutes: 39), to: Self.onset.plus(minutes: 41))
        #expect(kill.contains { $0.contains("Out of memory: Killed process") && $0.contains("(java)") })
        #expect(kill.contains { $0.contains("orders.service: Failed with result 'oom-kill'.") })
        #expect(kill.contains { $0.contains("Started OrdersApplication") })
    }

    @Test(arguments: InstanceRole.allCases)
    func errorBurstIsAnExceptionStorm(role: InstanceRole) async throws {
        let (fleet, clock) = try makeFleet()
        let member = try #require(fleet.first(role))
        try fleet.inject(.errorBurst, instanceID: member.id, at: Self.onset, duration: 600)
        clock.advance(to: Self.onset.plus(hours: 1))
        let before = try await fleet.messages(of: member.id, from: Self.onset.plus(minutes: -10), to: Self.onset)
        let during = try await fleet.messages(of: member.id, from: Self.onset, to: Self.onset.plus(minutes: 10))
        let after = try await fleet.messages(
            of: member.id, from: Self.onset.plus(minutes: 10), to: Self.onset.plus(minutes: 20))
        let errors = during.filter(isError)
        #expect(errors.count >= 150, "\(role): \(errors.count) error lines")
        #expect(before.filter(isError).count < 10)
        #expect(after.filter(isError).count < 10)
        let exceptions = [
            "java.lang.OutOfMemoryError: Java heap space", "HikariPool-1 - Connection is not available",
            "psycopg2.OperationalError", "redis.exceptions.ConnectionError", "sorry, too many clients already",
            "No space left on device",
        ]
        #expect(during.contains { line in exceptions.contains { line.contains($0) } }, "\(role)")
        // The storm costs CPU too, so a metric detector can see it.
        let cpu = try await fleet.points(
            .cpuUtilization, of: member.id, from: Self.onset.plus(minutes: -10), to: Self.onset.plus(minutes: 10),
            period: 300)
        #expect(mean([cpu[2].value, cpu[3].value]) > mean([cpu[0].value, cpu[1].value]) + 10, "\(role)")
    }

    @Test func crashLoopRestartsOverAndOverAndFailsStatusChecks() async throws {
        let (fleet, clock) = try makeFleet()
        let worker = try #require(fleet.first(.worker))
        try fleet.inject(.crashLoop, instanceID: worker.id, at: Self.onset)
        clock.advance(to: Self.onset.plus(minutes: 30))
        let lines = try await fleet.messages(of: worker.id, from: Self.onset, to: Self.onset.plus(minutes: 10))
        let exits = lines.filter {
            $0.contains("celery-worker.service: Main process exited, code=exited, status=1/FAILURE")
        }
        #expect((14...16).contains(exits.count))
        #expect(lines.filter { $0.contains("ImportError: cannot import name 'PricingClient'") }.count == exits.count)
        #expect(lines.contains { $0.hasSuffix("restart counter is at 12.") })
        #expect(!lines.contains { $0.contains("succeeded in") }, "a crash-looping worker runs no task")
        let status = try await fleet.points(
            .statusCheckFailed, of: worker.id, from: Self.onset, to: Self.onset.plus(minutes: 30))
        #expect(status.filter { $0.value == 1 }.count >= 8)
        #expect(status.prefix(2).allSatisfy { $0.value == 0 })
        let network = try await fleet.points(
            .networkOut, of: worker.id, from: Self.onset.plus(minutes: -10), to: Self.onset.plus(minutes: 10),
            period: 300)
        #expect(network[2].value < network[0].value / 3)
    }

    @Test func trafficSurgeRaisesCPUAndNetworkWithoutErrors() async throws {
        let (fleet, clock) = try makeFleet()
        let (twin, twinClock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        try fleet.inject(.trafficSurge, instanceID: web.id, at: Self.onset, duration: 1800)
        clock.advance(to: Self.onset.plus(hours: 1))
        twinClock.advance(to: Self.onset.plus(hours: 1))
        let window = (Self.onset.plus(minutes: 5), Self.onset.plus(minutes: 30))
        for metric in [MetricName.cpuUtilization, .networkIn, .networkOut] {
            let surged = mean(try await fleet.points(metric, of: web.id, from: window.0, to: window.1).map(\.value))
            let usual = mean(try await twin.points(metric, of: web.id, from: window.0, to: window.1).map(\.value))
            #expect(surged > 1.7 * usual, "\(metric): \(surged) vs \(usual)")
        }
        let surged = try await fleet.messages(of: web.id, from: window.0, to: window.1)
        let usual = try await twin.messages(of: web.id, from: window.0, to: window.1)
        #expect(Double(surged.count) > 1.4 * Double(usual.count))
        // Exactly the background's errors: the surge adds none.
        #expect(surged.filter(isError) == usual.filter(isError))
        #expect(surged.filter { $0.contains("WARN") } == usual.filter { $0.contains("WARN") })
    }

    @Test func faultsCombine() async throws {
        let (fleet, clock) = try makeFleet()
        let web = try #require(fleet.first(.web))
        try fleet.inject(.cpuRunaway, instanceID: web.id, at: Self.onset)
        try fleet.inject(.errorBurst, instanceID: web.id, at: Self.onset.plus(minutes: 2))
        clock.advance(to: Self.onset.plus(minutes: 20))
        #expect(fleet.activeFaults(instanceID: web.id) == [.cpuRunaway, .errorBurst])
        let cpu = try await fleet.points(
            .cpuUtilization, of: web.id, from: Self.onset, to: Self.onset.plus(minutes: 20))
        #expect(cpu.allSatisfy { $0.value >= 93 })
        let lines = try await fleet.messages(of: web.id, from: Self.onset, to: Self.onset.plus(minutes: 2))
        let later = try await fleet.messages(
            of: web.id, from: Self.onset.plus(minutes: 2), to: Self.onset.plus(minutes: 4))
        #expect(lines.filter(isError).count < 5)
        #expect(later.filter(isError).count > 30)
        #expect(fleet.faultHistory().map(\.kind) == [.cpuRunaway, .errorBurst])
        #expect(fleet.faultHistory().allSatisfy { $0.end == nil })
    }

    @Test func injectingOnAnUnknownInstanceFails() throws {
        let (fleet, _) = try makeFleet()
        #expect(throws: AIOpsError.self) { try fleet.inject(.cpuRunaway, instanceID: "i-0doesnotexist") }
        #expect(throws: AIOpsError.self) {
            try fleet.inject(.cpuRunaway, instanceID: fleet.members[0].id, duration: -5)
        }
    }

    @Test func randomFaultsOccurAfterCreationOnlyAndReplayForASeed() async throws {
        func run() throws -> [FaultRecord] {
            let (fleet, clock) = try makeFleet(seed: 5) {
                $0.randomFaults = .init(
                    ratePerInstanceHour: 0.2, kinds: [.cpuRunaway, .errorBurst], duration: 600...1200)
            }
            for _ in 0..<(12 * 6) { clock.advance(by: 600) }
            return fleet.faultHistory()
        }
        let faults = try run()
        #expect(faults.count >= 5)
        #expect(faults == (try run()))
        #expect(
            faults.allSatisfy {
                $0.origin == .random && $0.start >= wednesday && [.cpuRunaway, .errorBurst].contains($0.kind)
            })
        let ended = faults.filter { $0.end != nil }
        #expect(!ended.isEmpty)
        #expect(
            ended.allSatisfy { (600...1200).contains($0.end!.timeIntervalSince($0.start)) && $0.endedBy == .expired })
        let (quiet, quietClock) = try makeFleet(seed: 5)
        quietClock.advance(by: 12 * 3600)
        #expect(quiet.faultHistory().isEmpty)
    }
}

@Test func aFaultRecordEncodesWithTheReportsKeys() throws {
    let record = FaultRecord(
        id: "fault-1", kind: .crashLoop, instanceID: "i-0abc", start: wednesday, end: nil, endedBy: nil,
        origin: .injected)
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    let object = try JSONSerialization.jsonObject(with: encoder.encode(record)) as? [String: Any]
    #expect(object?["instance_id"] as? String == "i-0abc")
    #expect(object?["kind"] as? String == "crash_loop")
    #expect(object?["start"] as? String == "2026-11-25T00:00:00Z")
    #expect(object?["end"] is NSNull)
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    #expect(try decoder.decode(FaultRecord.self, from: encoder.encode(record)) == record)
}
