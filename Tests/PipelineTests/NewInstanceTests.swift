import AIOpsCore
import Composition
import Detection
import Foundation
import Logging
import Pipeline
import Simulator
import Testing

/// Issue 11, item 4: a new `web` instance joins a fleet of web instances and detects from its
/// first day, starting from its group's history (the `Role` tag) instead of its own few points.
@Suite struct NewInstanceTests {
    static let created = Date(timeIntervalSince1970: 1_790_208_000)  // Thursday 24 September 2026, 00:00 UTC
    /// Index 8 cycles back to the `web` role: the fleet's fourth web instance, launched an hour in.
    static let newcomer = 8
    static let launchAfter: TimeInterval = 3600

    struct World {
        let clock: VirtualClock
        let fleet: SimulatedFleet
        let stage: DetectionStage
        let publisher: RecordingPublisher
        let store: InMemoryIncidentStore
        let newcomer: FleetMember

        /// Runs 5-minute cycles, each scoring the period that has just ended, until `until`.
        func cycles(until: Date) async throws {
            while clock.now() < until {
                clock.advance(by: 300)
                let through = clock.now().addingTimeInterval(-300)
                try await stage.run(after: through.addingTimeInterval(-300), through: through)
            }
        }

        func newcomerEvents() async -> [AnomalyEvent] {
            await publisher.events.filter { $0.instance.id == newcomer.id }
        }
    }

    func world(groupTags: [String]) throws -> World {
        let clock = VirtualClock(start: Self.created)
        var fleetConfiguration = FleetConfiguration(seed: 11, instanceCount: 9)
        fleetConfiguration.launches = [Self.newcomer: Self.launchAfter]
        let fleet = try SimulatedFleet(configuration: fleetConfiguration, clock: clock)
        var configuration = AgentConfiguration(metrics: [.cpuUtilization], period: 300, chartWindow: 3600)
        configuration.groupTags = groupTags
        let detectors = try #require(
            CatalogDetectorProvider.catalog(
                metrics: [.cpuUtilization], context: DetectorContext(trainingPoints: 150)))
        let publisher = RecordingPublisher()
        let store = InMemoryIncidentStore()
        let stage = DetectionStage(
            configuration: configuration, inventory: fleet, metrics: fleet, store: store,
            detectors: detectors, publisher: publisher, clock: clock, logger: .quiet)
        let newcomer = fleet.members[Self.newcomer]
        #expect(newcomer.role == InstanceRole.web)
        return World(
            clock: clock, fleet: fleet, stage: stage, publisher: publisher, store: store, newcomer: newcomer)
    }

    @Test func aRunawayThreeHoursAfterLaunchIsDetected() async throws {
        let world = try world(groupTags: ["Role"])
        let launch = Self.created.addingTimeInterval(Self.launchAfter)
        let runaway = launch.addingTimeInterval(3 * 3600)
        try world.fleet.inject(.cpuRunaway, instanceID: world.newcomer.id, at: runaway, duration: 1800)
        try await world.cycles(until: runaway.addingTimeInterval(3600))
        let events = await world.newcomerEvents()
        #expect(events.contains { $0.anomaly.timestamp >= runaway && $0.anomaly.timestamp < runaway + 1800 })
        #expect(events.allSatisfy { $0.anomaly.timestamp >= runaway }, "no alarm before the runaway")
    }

    @Test func itsFirstBenignDayRaisesAtMostOneWarning() async throws {
        let world = try world(groupTags: ["Role"])
        let launch = Self.created.addingTimeInterval(Self.launchAfter)
        try await world.cycles(until: launch.addingTimeInterval(86_400 + 600))
        let events = await world.newcomerEvents()
        #expect(events.count <= 1, "\(events.map { ($0.anomaly.timestamp, $0.anomaly.value, $0.anomaly.score) })")
        // It was scored to the end of the day, not left out.
        let snapshot = try #require(await world.store.snapshots().first { $0.instance.id == world.newcomer.id })
        #expect(snapshot.lastScore != nil)
        #expect(snapshot.lastSeen.map { $0 > launch.addingTimeInterval(86_000) } == true)
    }
}
