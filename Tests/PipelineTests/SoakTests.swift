import AIOpsCore
import Foundation
import Logging
import Pipeline
import Remediation
import Testing

/// The embedded agent through a simulated week at high speed: resident memory stays flat.
/// Benchmark-style: it prints the RSS at the end of every day and asserts only the ratio of day 7
/// to day 2 (day 1 is warm-up: caches, detectors and the first incidents fill up).
@Suite(.serialized) struct SoakTests {
    /// The process's resident set, in KiB (Linux `/proc/self/statm`, pages × page size).
    static func residentKiB() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * 4
    }

    @Test func residentMemoryIsFlatOverASimulatedWeek() async throws {
        let start = Fixture.t0.addingTimeInterval(3 * 3600)
        let clock = ManualClock(start)
        let web3 = Instance(
            id: "i-0aaaaaaaaaaaaaaa4", name: "web-3", tags: ["aiops:monitor": "true", "aiops:remediate": "true"])
        let fleet = FakeFleet(instances: [Fixture.web1, Fixture.web2, web3], clock: clock)
        // A fault every 6 hours, rotating over the instances: incidents open, alert, heal, resolve.
        for index in 0..<28 {
            let id = [Fixture.web1.id, Fixture.web2.id, web3.id][index % 3]
            await fleet.spike(
                id, from: start.addingTimeInterval(Double(index) * 6 * 3600 + 3600), minutes: 40,
                errors: index % 2 == 0)
        }
        let store = InMemoryIncidentStore()
        let pipeline = await EmbeddedChainTests.make(store, fleet: fleet, clock: clock, notifier: RecordingNotifier())
        let cycle: TimeInterval = 600
        var daily: [Int] = []
        var t = start
        for day in 1...7 {
            let end = start.addingTimeInterval(Double(day) * 86_400)
            while t < end {
                clock.set(t)
                try await pipeline.agent.runCycle()
                t = t.addingTimeInterval(cycle)
            }
            let rss = try #require(Self.residentKiB())
            daily.append(rss)
            print(
                "soak: day \(day): RSS \(rss) KiB, \(try await store.incidents(matching: IncidentFilter(), limit: 1000, cursor: nil).items.count) incidents"
            )
        }
        let ratio = Double(daily[6]) / Double(daily[1])
        print("soak: RSS day 7 / day 2 = \(String(format: "%.3f", ratio)) (\(daily[6]) / \(daily[1]) KiB)")
        #expect(
            try await store.incidents(matching: IncidentFilter(), limit: 1000, cursor: nil).items.count >= 7,
            "a fault a day at least became an incident")
        #expect(ratio <= 1.2, "resident memory grew \(Int((ratio - 1) * 100))% from day 2 to day 7: \(daily)")
    }
}
