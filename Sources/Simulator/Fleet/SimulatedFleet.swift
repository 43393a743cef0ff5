public import AIOpsCore
public import Foundation
import Synchronization

/// A simulated fleet of EC2 instances behind the same ports as the AWS adapters: inventory,
/// metrics, logs and the instance controller.
///
/// Metrics and logs are pure functions of (seed, instance, time, fault timeline, outage history):
/// any past range is generated on demand, nothing is stored, and the same query always returns
/// the same answer. Only the past is visible: a metric period once it has ended, a log line once
/// its time has come, on the injected clock.
///
/// The fleet is shared by the agent, scenarios and the dashboard: its mutable state sits behind a
/// `Mutex`, and readers copy what they need and compute outside the lock.
public final class SimulatedFleet: Sendable {
    public let configuration: FleetConfiguration
    /// The instances as created (their state is in `instances()`).
    public let members: [FleetMember]
    /// When the fleet was created: random faults occur only after it.
    public let createdAt: Date

    let clock: any AgentClock
    let model: MetricModel
    let logs: LogGenerator
    let state: Mutex<FleetState>
    private let byID: [String: FleetMember]

    /// Creates the fleet; throws when the configuration is out of range (the message says which knob).
    public init(configuration: FleetConfiguration, clock: some AgentClock) throws {
        let problems = configuration.problems()
        guard problems.isEmpty else {
            throw AIOpsError(.invalidInput, "invalid simulated fleet settings: " + problems.joined(separator: "; "))
        }
        self.configuration = configuration
        self.clock = clock
        members = FleetBuilder.members(configuration)
        byID = Dictionary(uniqueKeysWithValues: members.map { ($0.id, $0) })
        createdAt = clock.now()
        model = MetricModel(seed: configuration.seed, memoryLeakSeconds: configuration.memoryLeakMinutes * 60)
        logs = LogGenerator(
            seed: configuration.seed, linesPerMinute: configuration.logLinesPerMinute,
            backgroundNoise: configuration.backgroundNoise, model: model)
        state = Mutex(FleetState(createdAt: createdAt.timeIntervalSince1970))
    }

    /// One instance as created, by id.
    public func member(id: String) -> FleetMember? { byID[id] }

    /// When an instance that joined later was launched (`FleetConfiguration.launches`); nil for the
    /// others, which have always been there.
    public func launchTime(of member: FleetMember) -> Date? {
        configuration.launches[member.index].map { createdAt.addingTimeInterval($0) }
    }

    /// Every instance (monitored or not, launched by now) with its state now.
    public func instances() -> [Instance] {
        let now = clock.now().timeIntervalSince1970
        let launched = members.filter { (launchTime(of: $0)?.timeIntervalSince1970 ?? -.infinity) <= now }
        return withState(now) { state in launched.map { instance($0, state: state, now: now) } }
    }

    /// Injects a fault on an instance from `at` (default: now) for `duration` seconds (default:
    /// until a reboot clears it, or forever for the faults a reboot does not clear). A time in
    /// the past rewrites history from then on, which a test may want before its clock runs.
    @discardableResult
    public func inject(_ kind: FaultKind, instanceID: String, at: Date? = nil, duration: TimeInterval? = nil) throws
        -> FaultRecord
    {
        guard byID[instanceID] != nil else {
            throw AIOpsError(
                .notFound, "cannot inject \(kind) on \(instanceID): no such instance in the simulated fleet")
        }
        if let duration, !(duration > 0 && duration.isFinite) {
            throw AIOpsError(.invalidInput, "fault duration must be a positive number of seconds, got \(duration)")
        }
        let now = clock.now().timeIntervalSince1970
        let start = (at ?? clock.now()).timeIntervalSince1970
        return withState(now) { state in
            let id = StableID.make(
                "fault", instanceID, kind.rawValue, String(Int64(start * 1000)), String(state.faults.count))
            let entry = FaultEntry(
                id: id, kind: kind, instanceID: instanceID, start: start,
                scheduledEnd: duration.map { start + $0 } ?? .infinity, origin: .injected, key: Hash.key(id))
            state.add(entry)
            return entry.record(at: now)
        }
    }

    /// Every fault so far (injected and random), oldest first, with its end once it has ended.
    public func faultHistory() -> [FaultRecord] {
        let now = clock.now().timeIntervalSince1970
        return withState(now) { state in
            state.faults.filter { $0.start <= now }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }.map {
                $0.record(at: now)
            }
        }
    }

    /// The kinds of fault acting on an instance now.
    public func activeFaults(instanceID: String) -> Set<FaultKind> {
        let now = clock.now().timeIntervalSince1970
        return withState(now) { state in
            Set(state.faults.filter { $0.instanceID == instanceID && $0.start <= now && now < $0.end }.map(\.kind))
        }
    }

    /// The calls the instance controller received, oldest first, optionally for one instance.
    public func controllerCalls(instanceID: String? = nil) -> [ControllerCall] {
        state.withLock { state in state.calls.filter { instanceID == nil || $0.instanceID == instanceID } }
    }

    /// Runs `body` on the state after drawing the random faults up to `now`.
    func withState<T>(_ now: Double, _ body: (inout FleetState) throws -> T) rethrows -> T {
        try state.withLock { state in
            state.drawRandomFaults(
                until: now, createdAt: createdAt.timeIntervalSince1970, members: members, configuration: configuration)
            return try body(&state)
        }
    }

    func instance(_ member: FleetMember, state: FleetState, now: Double) -> Instance {
        Instance(
            id: member.id, name: member.name, tags: member.tags,
            state: state.timeline(of: member.id).state(at: now))
    }
}
