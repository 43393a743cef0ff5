public import AIOpsCore
import Detection
public import Foundation
import LogAnalysis
public import Logging
public import Pipeline
import Remediation
public import Simulator

/// Everything `aiops demo` owns: the simulated fleet, its accelerated clock, the store and the
/// running pipeline. The dashboard server takes these (it reads the store, and the fleet for the
/// metrics view); nothing else needs to be shared.
public struct DemoSession: Sendable {
    public let options: DemoOptions
    public let fleet: SimulatedFleet
    /// Accelerated real time when people watch (with the server); a virtual clock stepped as fast
    /// as the machine goes otherwise (a batch run, deterministic for a seed).
    public let clock: any AgentClock
    public let store: any IncidentStore
    /// The notification channels the environment turns on (docs/channels.md); nil: none.
    public let channels: (any Notifier)?
    public let pipeline: EmbeddedPipeline
    public let start: Date
    public let outbox: URL
    /// What the scenario plays, in one line.
    public let story: String
    /// The fleet scenario as played (nil for the classic one).
    public let fleetScenario: FleetScenario?

    /// The virtual time the demo starts at (a Thursday morning): fixed, so a seed replays exactly.
    public static let epoch = Date(timeIntervalSince1970: 1_790_240_400)

    /// Builds the fleet, trains a model per instance and metric on its history, schedules the
    /// scenario's faults and wires the pipeline.
    public static func prepare(
        _ options: DemoOptions, store: any IncidentStore, channels: (any Notifier)? = nil, logger: Logger,
        say: @escaping @Sendable (String) -> Void
    ) async throws -> DemoSession {
        let fleet: SimulatedFleet
        let clock: any AgentClock =
            options.serve ? try AcceleratedClock(start: epoch, speed: options.speed) : VirtualClock(start: epoch)
        var configuration = AgentConfiguration(
            metrics: [.cpuUtilization], period: 60, warmup: options.trainingDays * 86_400,
            chartWindow: 3600,
            remediation: RemediationPolicy(dryRun: options.dryRun))
        let story: String
        var fleetScenario: FleetScenario?
        switch options.scenario {
        case .classic:
            (fleet, story) = try await classic(options, clock: clock)
        case .fleet:
            fleet = try SimulatedFleet(
                configuration: FleetScenario.configuration(
                    FleetConfiguration(
                        seed: options.seed, instanceCount: options.instances, remediationOptOutFraction: 0.3)),
                clock: clock)
            let played = try FleetScenario.play(on: fleet, start: epoch)
            fleetScenario = played
            configuration.metrics = [.cpuUtilization, .memoryUtilization, .networkIn, .networkOut]
            configuration.correlation = CorrelationPolicy()
            story = played.episodes.map { "\($0.name) on \($0.instanceIDs.count)" }.joined(separator: ", ")
        case .runbooks:
            let played = try await runbooks(options, clock: clock)
            (fleet, story) = (played.fleet, played.story)
            configuration.metrics = [.cpuUtilization, .diskUsedPercent]
            configuration.remediation.customRunbooks = played.runbooks
        }

        // The default detector learns each series online: the agent warms it up on a day of the
        // simulated history before the demo's first cycle (its training), silently.
        guard
            let detectors = CatalogDetectorProvider.catalog(
                options.detector, metrics: configuration.metrics,
                context: DetectorContext(trainingPoints: 150, seed: options.seed))
        else {
            throw AIOpsError(
                .invalidInput, "unknown detector '\(options.detector)': use one of \(DetectorCatalog.names)")
        }
        let outbox = options.dataDirectory.appendingPathComponent("outbox")
        let notifier = OutboxNotifier(
            directory: outbox,
            dashboard: options.serve && options.port != 0
                ? URL(string: "http://\(options.host):\(options.port)") : nil, console: say)
        let ports = PipelinePorts(
            inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock)
        let pipeline = await EmbeddedPipeline.make(
            configuration: configuration, ports: ports, detectors: detectors,
            analyzer: RootCauseAnalyzer(), notifier: channels.map { NotifierGroup([notifier, $0]) } ?? notifier,
            logger: logger, changes: fleetScenario == nil ? nil : fleet,
            silences: fleetScenario.map { MaintenanceWindows($0.maintenance) })
        return DemoSession(
            options: options, fleet: fleet, clock: clock, store: store, channels: channels, pipeline: pipeline,
            start: epoch, outbox: outbox, story: story, fleetScenario: fleetScenario)
    }

    /// The classic scenario's fleet, with its faults scheduled: a CPU runaway with an error burst,
    /// a benign traffic surge, and a runaway on an instance without the remediation tag.
    private static func classic(_ options: DemoOptions, clock: any AgentClock) async throws -> (SimulatedFleet, String)
    {
        let fleetConfiguration = FleetConfiguration(
            seed: options.seed, instanceCount: options.instances, remediationOptOutFraction: 0.3)
        // History is a pure function of the seed: the models learn it from a twin fleet on a clock
        // that stands still, so training time does not eat into the accelerated run.
        let history = try SimulatedFleet(configuration: fleetConfiguration, clock: VirtualClock(start: epoch))
        let instances = try await history.monitoredInstances()
        // The faults play where they show best: on the least loaded instances, whose CPU has the
        // most headroom above its usual range (a value-only model cannot see a runaway on an
        // instance that peaks near 100% every day).
        let load = { (instance: Instance) in history.member(id: instance.id)?.loadLevel ?? 1 }
        let tagged = instances.filter { $0.carries(.remediate) }.sorted { load($0) < load($1) }
        guard tagged.count >= 2,
            let untagged = instances.filter({ !$0.carries(.remediate) }).min(by: { load($0) < load($1) })
        else {
            throw AIOpsError(
                .invalidInput,
                "the demo needs two instances with the remediation tag and one without; try --instances 3 or more")
        }
        let fleet = try SimulatedFleet(configuration: fleetConfiguration, clock: clock)
        let cast = (runaway: tagged[0], surge: tagged[1], untagged: untagged)
        func at(_ minutes: Double) -> Date { epoch.addingTimeInterval(minutes * 60) }
        try fleet.inject(.cpuRunaway, instanceID: cast.runaway.id, at: at(20))
        try fleet.inject(.errorBurst, instanceID: cast.runaway.id, at: at(20))
        try fleet.inject(.trafficSurge, instanceID: cast.surge.id, at: at(35), duration: 30 * 60)
        try fleet.inject(.cpuRunaway, instanceID: cast.untagged.id, at: at(50), duration: 20 * 60)
        try fleet.inject(.errorBurst, instanceID: cast.untagged.id, at: at(50), duration: 20 * 60)
        let story =
            "cpu_runaway + error_burst on \(cast.runaway.name), traffic_surge on "
            + "\(cast.surge.name), cpu_runaway + error_burst on \(cast.untagged.name) (no remediation tag)"
        return (fleet, story)
    }

    /// The runbooks scenario's fleet and runbooks: an error burst on a tagged instance, healed by a
    /// restart of its role's service, and a full disk on another, healed by freeing disk space.
    /// The runbooks: a restart of that role's unit in auto mode, then the default set.
    private static func runbooks(_ options: DemoOptions, clock: any AgentClock) async throws -> (
        fleet: SimulatedFleet, story: String, runbooks: [Runbook]
    ) {
        let fleetConfiguration = FleetConfiguration(
            seed: options.seed, instanceCount: options.instances, remediationOptOutFraction: 0.3)
        let fleet = try SimulatedFleet(configuration: fleetConfiguration, clock: clock)
        // As in the classic scenario, the least loaded instances show a fault best. The database's
        // error bursts include its own full-disk variant: the burst plays on another role.
        let load = { (member: FleetMember) in member.loadLevel }
        let tagged = fleet.members.filter { $0.tags[TagSelector.remediate.key] == TagSelector.remediate.value }
            .sorted { load($0) < load($1) }
        guard let burst = tagged.first(where: { $0.role != .db }),
            let full = tagged.first(where: { $0.id != burst.id })
        else {
            throw AIOpsError(
                .invalidInput,
                "the runbooks scenario needs two instances with the remediation tag; try --instances 4 or more")
        }
        func at(_ minutes: Double) -> Date { epoch.addingTimeInterval(minutes * 60) }
        try fleet.inject(.errorBurst, instanceID: burst.id, at: at(20))
        try fleet.inject(.diskFull, instanceID: full.id, at: at(50))
        guard let unit = ServiceName(burst.role.serviceUnit) else {
            throw AIOpsError(.internalFailure, "\(burst.role.serviceUnit) is not a unit name")
        }
        let restart = Runbook(
            name: "restart-\(burst.role.rawValue)",
            signature: RunbookSignature(
                tags: [TagSelector(key: "Role", value: burst.role.rawValue)], faultClasses: [.errorBurst]),
            action: .restartService, service: unit)
        let story =
            "error_burst on \(burst.name) (runbook \(restart.name): restart \(unit.unit)), disk_full on "
            + "\(full.name) (runbook free-disk)"
        return (fleet, story, [restart] + RunbookBook.defaults())
    }

    /// The agent's loop on the accelerated clock, or cycle by cycle on the virtual one.
    public func run(until end: Date, onCycle: @escaping @Sendable (AgentMetrics) async -> Void) async throws {
        guard let virtual = clock as? VirtualClock else {
            try await pipeline.agent.run(until: end, onCycle: onCycle)
            return
        }
        let interval = pipeline.agent.configuration.cycleInterval
        while virtual.now() <= end, !Task.isCancelled {
            await onCycle(try await pipeline.agent.runCycle())
            let next = ((virtual.now().timeIntervalSince1970 / interval).rounded(.down) + 1) * interval
            virtual.advance(to: Date(timeIntervalSince1970: next))
        }
    }
}

/// The demo's settings, from the command line.
public struct DemoOptions: Sendable {
    public var instances: Int
    public var seed: UInt64
    public var speed: Double
    public var duration: TimeInterval?
    public var trainingDays: Double
    public var detector: String
    public var serve: Bool
    public var host: String
    public var port: Int
    /// Seconds between the dashboard's looks at the store for other processes' writes.
    public var pollSeconds: Double
    public var dryRun: Bool
    public var dataDirectory: URL
    public var scenario: DemoScenario = .classic
    /// The bearer token the dashboard requires (nil: none, loopback only).
    public var token: String? = nil

    public init(
        instances: Int, seed: UInt64, speed: Double, duration: TimeInterval?, trainingDays: Double, detector: String,
        serve: Bool, host: String, port: Int, pollSeconds: Double, dryRun: Bool, dataDirectory: URL,
        scenario: DemoScenario = .classic, token: String? = nil
    ) {
        self.scenario = scenario
        self.instances = instances
        self.seed = seed
        self.speed = speed
        self.duration = duration
        self.trainingDays = trainingDays
        self.detector = detector
        self.serve = serve
        self.host = host
        self.port = port
        self.pollSeconds = pollSeconds
        self.dryRun = dryRun
        self.dataDirectory = dataDirectory
        self.token = token
    }
}

/// The scenarios `aiops demo --scenario` plays.
public enum DemoScenario: String, Sendable, CaseIterable {
    /// A runaway with errors, a benign surge, a runaway on an instance without the remediation tag.
    case classic
    /// Faults across the fleet: a bad release, a database failure, a zone, a flapping series and a
    /// maintenance window (`FleetScenario`).
    case fleet
    /// Runbooks beyond reboot: an error burst healed by a service restart, a full disk healed by
    /// freeing disk space (issue #16).
    case runbooks
}
