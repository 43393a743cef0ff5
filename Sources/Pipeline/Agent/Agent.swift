public import AIOpsCore
public import Foundation
public import Logging
import Tracing

/// Stage 1, monitor: runs detection cycles on the agent's clock (every 5 minutes by default),
/// then the upkeep that follows each (verifying remediations, resolving quiet incidents).
///
/// Each cycle processes the metric periods after the stored checkpoint up to the latest complete
/// one, and moves the checkpoint only once the cycle is done: an agent killed at any moment
/// re-runs at most one cycle's window on restart, and every stage recognises what it did before,
/// so nothing is lost and nothing is done twice.
public actor Agent {
    /// The checkpoint key of the last metric time processed.
    public static let checkpointKey = "agent.detection.through"

    public nonisolated let configuration: AgentConfiguration
    let detection: DetectionStage
    let remediation: RemediationStage?
    let janitor: IncidentJanitor
    let approvals: ApprovalJanitor
    let store: any IncidentStore
    let clock: any AgentClock
    let logger: Logger
    let counters: CycleCounters
    /// Hands the shards of a fleet larger than one shard to detector workers; nil: in process.
    let fanOut: FleetFanOut?
    /// Told of the incidents the janitor resolves, so pages follow them (PagerDuty's resolve).
    let notifier: (any Notifier)?
    public private(set) var cycles = 0

    /// - Parameter remediation: verifies pending actions after each cycle; nil where another
    ///   process does (the serverless remediation function).
    /// - Parameter fanOut: where a fleet larger than one shard goes (the scheduled function's
    ///   detector workers); nil scores every instance in process.
    /// - Parameter notifier: told of the incidents resolved for going quiet; nil tells no one.
    public init(
        configuration: AgentConfiguration, detection: DetectionStage, remediation: RemediationStage?,
        store: any IncidentStore, clock: any AgentClock, logger: Logger, counters: CycleCounters,
        fanOut: FleetFanOut? = nil, notifier: (any Notifier)? = nil
    ) {
        self.fanOut = fanOut
        self.notifier = notifier
        self.configuration = configuration
        self.detection = detection
        self.remediation = remediation
        self.janitor = IncidentJanitor(store: store, quietPeriod: configuration.autoResolveAfter)
        self.approvals = ApprovalJanitor(store: store, notifier: notifier)
        self.store = store
        self.clock = clock
        self.logger = logger
        self.counters = counters
    }

    /// Tells the notifier of a resolution; a failure is logged, never undoes it.
    private func tell(_ incident: Incident) async {
        guard let notifier else { return }
        do {
            try await notifier.incidentChanged(incident, at: clock.now())
        } catch {
            logger.warning(
                "could not tell the channels an incident resolved",
                metadata: ["aiops.incident-id": "\(incident.id)", "aiops.error": "\(error)"])
        }
    }

    /// One cycle at the clock's current time, over the periods that have ended since the last. Errors of the detection part fail the cycle (the
    /// checkpoint stays, the next cycle retries the window); upkeep errors are logged and counted.
    /// A cycle is a trace (span `detection cycle`), its stages spans within it (docs/observability.md).
    @discardableResult
    public func runCycle() async throws -> AgentMetrics {
        try await withSpan("detection cycle") { span in
            let metrics = try await timedCycle()
            if let end = metrics.windowEnd { span.attributes["aiops.cycle-id"] = Self.cycleID(end) }
            span.attributes["aiops.instances"] = metrics.instances
            span.attributes["aiops.series-scored"] = metrics.seriesScored
            span.attributes["aiops.anomalies"] = metrics.anomalies
            return metrics
        }
    }

    private func timedCycle() async throws -> AgentMetrics {
        let started = ContinuousClock.now
        do {
            let metrics = try await cycle(started: started)
            let cost = AIOpsMetrics.cycle(
                outcome: "ok", seconds: metrics.totalSeconds, cycleInterval: configuration.cycleInterval)
            await saveStatus(
                AgentStatus(
                    at: clock.now(), seconds: metrics.totalSeconds, outcome: "ok",
                    cycleID: metrics.windowEnd.map(Self.cycleID), instances: metrics.instances,
                    seriesWatched: metrics.seriesScored, monthlyCostEstimate: cost))
            return metrics
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            let seconds = Self.seconds(ContinuousClock.now - started)
            AIOpsMetrics.cycle(outcome: "failed", seconds: seconds, cycleInterval: configuration.cycleInterval)
            await saveStatus(
                AgentStatus(
                    at: clock.now(), seconds: seconds, outcome: "failed", cycleID: nil, instances: 0,
                    seriesWatched: 0, monthlyCostEstimate: nil))
            throw error
        }
    }

    /// Keeps the last cycle's status for the status page; a failure to is logged, never fails the cycle.
    private func saveStatus(_ status: AgentStatus) async {
        do {
            try await store.setCheckpoint(AgentStatus.checkpointKey, status.encoded())
        } catch {
            logger.warning("could not save the agent's status", metadata: ["aiops.error": "\(error)"])
        }
    }

    private func cycle(started: ContinuousClock.Instant) async throws -> AgentMetrics {
        let now = clock.now()
        // Datapoints are stamped with the start of their period (as CloudWatch does) and are
        // complete only once it has ended: the newest one to process starts a period earlier.
        let end = configuration.periodStart(now.addingTimeInterval(-configuration.settleDelay))
            .addingTimeInterval(-Double(configuration.period))
        let start = try await windowStart(end: end)
        _ = counters.take()

        if end > start {
            try await withSpan("detect") { span in
                span.attributes["aiops.window-start"] = ISO8601.string(from: start)
                span.attributes["aiops.window-end"] = ISO8601.string(from: end)
                try await detect(after: start, through: end)
            }
        }
        let detected = ContinuousClock.now
        await withSpan("upkeep") { span in
            do {
                _ = try await remediation?.verifyDue()
                _ = try await remediation?.reconcileApprovals()
                let expired = try await approvals.expireOverdue(now: clock.now())
                counters.record { $0.escalations += expired.count }
                let resolved = try await janitor.resolveQuiet(now: clock.now())
                counters.record { $0.incidentsAutoResolved += resolved.count }
                for incident in resolved { await tell(incident) }
            } catch {
                span.recordError(error)
                counters.record { $0.errors += 1 }
                logger.error("cycle upkeep failed; retried next cycle", metadata: ["aiops.error": "\(error)"])
            }
        }
        if end > start {
            try await store.setCheckpoint(Self.checkpointKey, ISO8601.string(from: end))
        }

        var metrics = counters.take()
        metrics.windowStart = start
        metrics.windowEnd = end
        metrics.detectSeconds = Self.seconds(detected - started)
        metrics.maintenanceSeconds = Self.seconds(ContinuousClock.now - detected)
        metrics.totalSeconds = Self.seconds(ContinuousClock.now - started)
        cycles += 1
        logger.info(
            "cycle done",
            metadata: [
                "aiops.cycle": "\(cycles)", "aiops.cycle-id": "\(Self.cycleID(end))",
                "aiops.window-end": "\(ISO8601.string(from: end))",
                "aiops.counters": "\(metrics.summary)",
            ])
        return metrics
    }

    /// Scores the window in process, or, for a fleet larger than one shard, sends its shards.
    private func detect(after start: Date, through end: Date) async throws {
        guard let fanOut else {
            try await detection.run(after: start, through: end)
            return
        }
        let instances = try await detection.watchedInstances()
        guard fanOut.needsShards(instances) else {
            try await detection.run(instances, after: start, through: end)
            return
        }
        let shards = try await fanOut.dispatch(instances, after: start, through: end)
        counters.record {
            $0.instances += instances.count
            $0.shardsDispatched += shards
        }
    }

    /// Runs cycles at every `cycleInterval` boundary of the clock until the task is cancelled
    /// (or `until` is reached). A failed cycle is logged and the loop goes on.
    public func run(until deadline: Date? = nil, onCycle: (@Sendable (AgentMetrics) async -> Void)? = nil)
        async throws
    {
        while !Task.isCancelled {
            if let deadline, clock.now() > deadline { return }
            do {
                let metrics = try await runCycle()
                await onCycle?(metrics)
            } catch is CancellationError {
                return
            } catch {
                logger.error("cycle failed; its window is retried next cycle", metadata: ["aiops.error": "\(error)"])
            }
            let interval = max(configuration.cycleInterval, 1)
            var next = Date(
                timeIntervalSince1970: ((clock.now().timeIntervalSince1970 / interval).rounded(.down) + 1) * interval)
            if let deadline, next > deadline {
                guard clock.now() < deadline else { return }
                next = deadline
            }
            try await clock.sleep(until: next)
        }
    }

    /// Where this cycle starts: the checkpoint, or `initialLookback` before `end` on a first run,
    /// never more than `maxCatchUp` back.
    private func windowStart(end: Date) async throws -> Date {
        let floor = end.addingTimeInterval(-configuration.maxCatchUp)
        guard let text = try await store.checkpoint(Self.checkpointKey) else {
            return max(floor, end.addingTimeInterval(-configuration.initialLookback))
        }
        guard let saved = ISO8601.date(from: text) else {
            logger.warning("unreadable checkpoint ignored", metadata: ["aiops.checkpoint": "\(text)"])
            return max(floor, end.addingTimeInterval(-configuration.initialLookback))
        }
        if saved < floor {
            logger.warning(
                "agent was away longer than the catch-up limit; older periods skipped",
                metadata: ["aiops.checkpoint": "\(text)"])
        }
        return max(saved, floor)
    }

    /// A cycle's id: the end of the window it covered, the same in every process that runs it.
    static func cycleID(_ windowEnd: Date) -> String { "cycle-" + ISO8601.string(from: windowEnd) }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
