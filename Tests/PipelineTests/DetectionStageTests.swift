import AIOpsCore
import Composition
import Foundation
import Logging
import Pipeline
import Synchronization
import Testing

@Suite struct DetectionStageTests {
    let clock = ManualClock(Fixture.t0.addingTimeInterval(6 * 3600))
    let store: any IncidentStore = InMemoryIncidentStore()
    let publisher = RecordingPublisher()
    let fleet: FakeFleet

    init() {
        fleet = FakeFleet(instances: [Fixture.web1, Fixture.web2, Fixture.unwatched], clock: clock, period: 60)
    }

    func stage(_ detectors: any DetectorProvider = CatalogDetectorProvider.threshold()) -> DetectionStage {
        DetectionStage(
            configuration: AgentConfiguration(period: 60), inventory: fleet, metrics: fleet, store: store,
            detectors: detectors, publisher: publisher, clock: clock, logger: Logger.quiet)
    }

    var now: Date { clock.now() }

    @Test func warmsUpSilentlyThenPublishesOnlyNewAnomalies() async throws {
        // A spike inside the warm-up history, and one in the window.
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-3600), minutes: 10, errors: false)
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-3 * 60), minutes: 10, errors: false)
        let events = try await stage().run(after: now.addingTimeInterval(-5 * 60), through: now)
        #expect(events.map(\.anomaly.timestamp) == [-180.0, -120, -60, 0].map { now.addingTimeInterval($0) })
        #expect(events.allSatisfy { $0.instance.id == Fixture.web1.id && $0.anomaly.detector == "threshold" })
        #expect(events.allSatisfy { $0.anomaly.threshold == 0.8 && $0.anomaly.expected == 0...80 })
        #expect(await publisher.events == events)
        // The warm-up reached back two hours in a single batched query; then one more query
        // read the status checks of the anomalous instances, and only theirs.
        let fetches = await fleet.fetches
        #expect(fetches.count == 2)
        #expect(fetches.first?.start == now.addingTimeInterval(-5 * 60 - 2 * 3600))
        #expect(fetches.first?.instanceIDs.sorted() == [Fixture.web1.id, Fixture.web2.id])
        #expect(fetches.last?.metrics == [.statusCheckFailed])
        #expect(fetches.last?.instanceIDs == [Fixture.web1.id])
        #expect(events.allSatisfy { $0.statusChecksFailing == false })
        // The chart carries the scores, with the spike marked.
        let chart = try #require(events.last?.scored)
        #expect(chart.filter(\.isAnomaly).count == 14)
        #expect(chart.count == events.last?.recent.count)
    }

    @Test func anomaliesCarryTheirInstancesStatusChecks() async throws {
        await fleet.setStatusFailing(Fixture.web1.id)
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-3 * 60), minutes: 10, errors: false)
        let events = try await stage().run(after: now.addingTimeInterval(-5 * 60), through: now)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.statusChecksFailing == true })
    }

    @Test func eventIDsAreStableAcrossRuns() async throws {
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-2 * 60), minutes: 10, errors: false)
        let first = try await stage().run(after: now.addingTimeInterval(-5 * 60), through: now)
        let second = try await stage().run(after: now.addingTimeInterval(-5 * 60), through: now)
        #expect(!first.isEmpty)
        #expect(first.map(\.eventID) == second.map(\.eventID))
    }

    @Test func aKeptDetectorSeesEachPointOnce() async throws {
        let stage = stage()
        try await stage.run(after: now.addingTimeInterval(-5 * 60), through: now)
        clock.advance(minutes: 5)
        await fleet.spike(Fixture.web2.id, from: now.addingTimeInterval(-60), minutes: 10, errors: false)
        let events = try await stage.run(after: now.addingTimeInterval(-5 * 60), through: now)
        #expect(events.map(\.anomaly.timestamp) == [now.addingTimeInterval(-60), now])
        // The second cycle asked only for its own window: the detectors were warm.
        #expect(
            await fleet.fetches.last { $0.metrics != [.statusCheckFailed] }?.start == now.addingTimeInterval(-5 * 60))
    }

    @Test func seriesWithoutAModelAreNotScored() async throws {
        let perInstance = CatalogDetectorProvider(perInstance: [
            Fixture.web2.id: [
                .cpuUtilization: {
                    ProvidedDetector(detector: ThresholdDetector(limit: 20), threshold: 0.2, origin: "web-2's model")
                }
            ]
        ])
        let counters = CycleCounters()
        let stage = DetectionStage(
            configuration: AgentConfiguration(period: 60), inventory: fleet, metrics: fleet, store: store,
            detectors: perInstance, publisher: publisher, clock: clock, logger: Logger.quiet,
            counters: counters)
        let events = try await stage.run(after: now.addingTimeInterval(-5 * 60), through: now)
        // Only web-2 has a model, and its own (a tight one): every point over 20 is flagged.
        #expect(events.count == 5)
        #expect(events.allSatisfy { $0.instance.id == Fixture.web2.id })
        let metrics = counters.take()
        #expect(metrics.seriesWithoutModel == 1)
        #expect(metrics.seriesScored == 1)
        #expect(metrics.instances == 2)
    }

    @Test func snapshotsShowEveryWatchedInstance() async throws {
        await fleet.spike(Fixture.web1.id, from: now.addingTimeInterval(-60), minutes: 10, errors: false)
        try await stage().run(after: now.addingTimeInterval(-5 * 60), through: now)
        let snapshots = try await store.snapshots()
        #expect(snapshots.map(\.instance.name) == ["web-1", "web-2"])
        #expect(snapshots.map(\.health) == [.degraded, .healthy])
        #expect(snapshots.first?.recent.count == 36)
        #expect(snapshots.first?.lastSeen == now)
        #expect(snapshots.first?.lastScore == 0.97)
    }
}

@Suite struct DetectorLifetimeTests {
    @Test func aShortGapKeepsTheDetectorALongOneStartsAfresh() async throws {
        let clock = ManualClock(Fixture.t0.addingTimeInterval(6 * 3600))
        let fleet = FakeFleet(instances: [Fixture.web1], clock: clock, period: 60)
        let installs = Counter()
        let provider = CatalogDetectorProvider(fleet: [
            .cpuUtilization: {
                installs.increment()
                return ProvidedDetector(detector: ThresholdDetector(limit: 80), threshold: 0.8, origin: "fleet")
            }
        ])
        let stage = DetectionStage(
            configuration: AgentConfiguration(period: 60, warmup: 3600), inventory: fleet, metrics: fleet,
            store: InMemoryIncidentStore(), detectors: provider, publisher: RecordingPublisher(), clock: clock,
            logger: .quiet)
        let now = clock.now()
        try await stage.run(after: now.addingTimeInterval(-300), through: now)
        // The next window starts 20 minutes later (say the instance was down): same detector.
        clock.advance(minutes: 25)
        try await stage.run(after: clock.now().addingTimeInterval(-300), through: clock.now())
        #expect(installs.value == 1)
        // Two hours later, longer than the warm-up: a fresh one.
        clock.advance(minutes: 120)
        try await stage.run(after: clock.now().addingTimeInterval(-300), through: clock.now())
        #expect(installs.value == 2)
    }
}

@Suite struct WarmupTests {
    /// A detector that learns online (a cold Lambda, a first cycle without model files) is fed
    /// the history it needs before it judges, not just the configured two hours.
    @Test func aFreshDetectorIsFedTheHistoryItNeeds() async throws {
        let clock = ManualClock(Fixture.t0.addingTimeInterval(30 * 3600))
        let fleet = FakeFleet(instances: [Fixture.web1], clock: clock, period: 300)
        let provider = CatalogDetectorProvider(fleet: [
            .cpuUtilization: {
                ProvidedDetector(
                    detector: ThresholdDetector(limit: 80), threshold: 0.8, origin: "learns", warmupPoints: 150)
            }
        ])
        let stage = DetectionStage(
            configuration: AgentConfiguration(period: 300), inventory: fleet, metrics: fleet,
            store: InMemoryIncidentStore(), detectors: provider, publisher: RecordingPublisher(), clock: clock,
            logger: .quiet)
        let start = clock.now().addingTimeInterval(-300)
        try await stage.run(after: start, through: clock.now())
        let first = try #require(await fleet.fetches.first)
        #expect(first.start <= start.addingTimeInterval(-150 * 300))
        // A trained model (no warm-up points) gets the configured warm-up only.
        let trained = CatalogDetectorProvider.threshold()
        let other = FakeFleet(instances: [Fixture.web1], clock: clock, period: 300)
        try await DetectionStage(
            configuration: AgentConfiguration(period: 300), inventory: other, metrics: other,
            store: InMemoryIncidentStore(), detectors: trained, publisher: RecordingPublisher(), clock: clock,
            logger: .quiet
        ).run(after: start, through: clock.now())
        #expect(await other.fetches.first?.start == start.addingTimeInterval(-2 * 3600))
    }
}

/// A thread-safe count, for factories called from the stage.
final class Counter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
