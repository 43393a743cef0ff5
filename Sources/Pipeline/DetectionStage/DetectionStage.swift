public import AIOpsCore
public import Foundation
public import Logging
import Tracing

/// Stage 2, detect: scores every watched instance's metrics with its detector and publishes one
/// `AnomalyEvent` per anomalous point. Keeps its detectors between cycles; a fresh one (first
/// cycle, restart, new instance, cold Lambda) is warmed up on `warmup` of history first, silently.
///
/// Event ids are derived from the series and the point's time, so re-running a window (after a
/// crash before the checkpoint moved) republishes the same events, which later stages recognise.
public actor DetectionStage {
    let configuration: AgentConfiguration
    let inventory: any InstanceInventory
    let metrics: any MetricSource
    let store: any IncidentStore
    let detectors: any DetectorProvider
    let publisher: any EventPublisher
    let clock: any AgentClock
    let logger: Logger
    let counters: CycleCounters
    /// The upkeep that saves each instance's snapshot after a cycle.
    let health: HealthSnapshots
    private var bank: DetectorBank
    private var feedback: FeedbackLedger

    public init(
        configuration: AgentConfiguration, inventory: any InstanceInventory, metrics: any MetricSource,
        store: any IncidentStore, detectors: any DetectorProvider, publisher: any EventPublisher,
        clock: any AgentClock, logger: Logger, counters: CycleCounters = CycleCounters()
    ) {
        self.configuration = configuration
        self.inventory = inventory
        self.metrics = metrics
        self.store = store
        self.detectors = detectors
        self.publisher = publisher
        self.clock = clock
        self.logger = logger
        self.counters = counters
        self.bank = DetectorBank(chartWindow: configuration.chartWindow)
        self.feedback = FeedbackLedger(policy: configuration.feedback)
        self.health = HealthSnapshots(store: store, sparklinePoints: configuration.sparklinePoints)
    }

    /// Scores the points after `start` up to and including `end`, publishes the anomalies, and
    /// saves every instance's snapshot. Returns the events published.
    @discardableResult
    public func run(after start: Date, through end: Date) async throws -> [AnomalyEvent] {
        try await run(watchedInstances(), after: start, through: end)
    }

    /// The instances carrying the monitor tag, as the inventory lists them.
    public func watchedInstances() async throws -> [Instance] {
        try await inventory.monitoredInstances().filter { $0.carries(configuration.monitorTag) }
    }

    /// The same cycle over `instances` (listed by the caller: the scheduler's, or one shard of
    /// it on a detector worker). Detectors of other instances are dropped.
    @discardableResult
    public func run(_ instances: [Instance], after start: Date, through end: Date) async throws -> [AnomalyEvent] {
        bank.retain(instanceIDs: Set(instances.map(\.id)))
        counters.record { $0.instances += instances.count }
        guard !instances.isEmpty, !configuration.metrics.isEmpty else { return [] }

        let fresh = try await freshDetectors(for: instances, start: start)
        let adjustments = try await adjustThresholds()
        // The series whose detector is fresh read their whole horizon; the warm ones only the window.
        let freshIDs = Set(fresh.detectors.keys.map(\.instanceID))
        let series = try await withSpan("fetch metrics", ofKind: .client) { span in
            span.attributes["aiops.instances"] = instances.count
            span.attributes["aiops.metrics"] = configuration.metrics.count
            var series: [MetricSeries] = []
            for (ids, from) in [
                (instances.map(\.id).filter { freshIDs.contains($0) }, fresh.fetchFrom),
                (instances.map(\.id).filter { !freshIDs.contains($0) }, start),
            ] where !ids.isEmpty {
                series += try await metrics.fetch(
                    MetricQuery(
                        instanceIDs: ids, metrics: configuration.metrics, start: from, end: end.addingTimeInterval(1),
                        period: configuration.period))
            }
            return series
        }
        var byKey: [SeriesKey: [MetricPoint]] = [:]
        for one in series {
            byKey[SeriesKey(instanceID: one.instanceID, metric: one.metric), default: []] += one.points
        }
        try await install(fresh.detectors, history: byKey, instances: instances, start: start, from: fresh.fetchFrom)
        AIOpsMetrics.detectorRebuilds(fresh.detectors.count)

        // One span for the scoring of every series (never one per series: a fleet has thousands).
        let scoring = withSpan("score") { span in
            var events: [AnomalyEvent] = []
            var anomalousInstances: Set<String> = []
            var seriesScored = 0
            for instance in instances {
                for metric in configuration.metrics {
                    let key = SeriesKey(instanceID: instance.id, metric: metric)
                    guard let state = bank.state(key) else { continue }
                    let points = (byKey[key] ?? []).filter { $0.timestamp <= end }
                    let adjusted = adjustments[key]?.threshold
                    let scored = bank.observe(points, for: key, emitAfter: start, threshold: adjusted)
                    AIOpsMetrics.seriesScored(1)
                    seriesScored += 1
                    counters.record {
                        $0.seriesScored += 1
                        $0.pointsScored += scored.count
                    }
                    for output in scored where output.point.isAnomaly {
                        events.append(
                            event(
                                for: output, of: instance, metric: metric,
                                threshold: adjusted ?? state.provided.threshold, key: key))
                        anomalousInstances.insert(instance.id)
                    }
                }
            }
            span.attributes["aiops.series-scored"] = seriesScored
            span.attributes["aiops.anomalies"] = events.count
            return (events: events, anomalous: anomalousInstances)
        }
        let anomalousInstances = scoring.anomalous
        let events = await lookAtStatusChecks(for: scoring.events)
        for event in events {
            var logger = logger
            logger[metadataKey: "aiops.instance-id"] = "\(event.instance.id)"
            // The cycle's id (its window's end), as the agent's summary line of the cycle says it.
            logger[metadataKey: "aiops.cycle-id"] = "\(Agent.cycleID(end))"
            logger.info(
                "anomaly",
                metadata: [
                    "aiops.metric": "\(event.anomaly.metric)", "aiops.value": "\(event.anomaly.value)",
                    "aiops.score": "\(event.anomaly.score)", "aiops.event-id": "\(event.eventID)",
                ])
            try await publisher.publish(event.bounded())
            AIOpsMetrics.anomaly()
            counters.record {
                $0.anomalies += 1
                $0.eventsPublished += 1
            }
        }
        try await saveSnapshots(instances, anomalous: anomalousInstances)
        return events
    }

    /// Fresh detectors for the series that have none (or whose detector fell far behind), and
    /// where the metric query must start so that they can warm up on their whole horizon.
    private func freshDetectors(for instances: [Instance], start: Date) async throws -> (
        detectors: [SeriesKey: ProvidedDetector], fetchFrom: Date
    ) {
        var fresh: [SeriesKey: ProvidedDetector] = [:]
        var fetchFrom = start
        // A detector whose last point is older than the warm-up (an instance stopped for a long
        // while) would judge today by a distant past: it starts afresh. A shorter gap (a reboot)
        // keeps it.
        let stale = start.addingTimeInterval(-configuration.warmup)
        for instance in instances {
            for metric in configuration.metrics {
                let key = SeriesKey(instanceID: instance.id, metric: metric)
                if let state = bank.state(key), let last = state.lastObserved, last >= stale { continue }
                guard let provided = try await detectors.detector(for: instance, metric: metric) else {
                    if bank.state(key) == nil {
                        counters.record { $0.seriesWithoutModel += 1 }
                        logger.warning(
                            "no model for this series: not scored",
                            metadata: ["aiops.instance-id": "\(instance.id)", "aiops.metric": "\(metric)"])
                    }
                    continue
                }
                fresh[key] = provided
                // A detector that learns online is rebuilt from its whole horizon (a cold Lambda has
                // nothing else): the state it would have had if it had never stopped.
                let needed = ColdStart.history(
                    for: provided, period: configuration.period, minimum: configuration.warmup)
                fetchFrom = min(fetchFrom, start.addingTimeInterval(-needed))
            }
        }
        return (fresh, fetchFrom)
    }

    /// Installs the fresh detectors. A series with less history than its detector's horizon and a
    /// group starts from a peer's history (`GroupStart`); until it has a few points of its own it
    /// waits, unscored.
    private func install(
        _ fresh: [SeriesKey: ProvidedDetector], history: [SeriesKey: [MetricPoint]], instances: [Instance],
        start: Date, from: Date
    ) async throws {
        var young: [SeriesKey: [Instance]] = [:]
        for (key, provided) in fresh where provided.warmupPoints > 0 && provided.detector.horizon > 0 {
            let own = (history[key] ?? []).filter { $0.timestamp <= start }
            guard own.count < provided.detector.horizon,
                let instance = instances.first(where: { $0.id == key.instanceID })
            else { continue }
            let peers = GroupStart.peers(of: instance, among: instances, tags: configuration.groupTags)
            if !peers.isEmpty { young[key] = peers }
        }
        var peerHistory = history
        // Peers warm in this process were read for the window only: their history is read now.
        let missing = Set(young.values.joined().map(\.id)).subtracting(fresh.keys.map(\.instanceID))
        if !missing.isEmpty {
            for one in try await metrics.fetch(
                MetricQuery(
                    instanceIDs: missing.sorted(), metrics: configuration.metrics, start: from,
                    end: start.addingTimeInterval(1), period: configuration.period))
            {
                peerHistory[SeriesKey(instanceID: one.instanceID, metric: one.metric)] = one.points
            }
        }
        for (key, var provided) in fresh.sorted(by: { $0.key.description < $1.key.description }) {
            var origin = provided.origin
            if let peers = young[key] {
                let own = (history[key] ?? []).filter { $0.timestamp <= start }
                if own.count < GroupStart.ownPointsNeeded {
                    logger.debug(
                        "new series: waiting for its first points before starting from its group",
                        metadata: ["aiops.instance-id": "\(key.instanceID)", "aiops.metric": "\(key.metric)"])
                    continue
                }
                let longest = peers.max {
                    (peerHistory[SeriesKey(instanceID: $0.id, metric: key.metric)]?.count ?? 0, $1.id)
                        < (peerHistory[SeriesKey(instanceID: $1.id, metric: key.metric)]?.count ?? 0, $0.id)
                }
                if let peer = longest,
                    let prefix = GroupStart.prefix(
                        own: own, peer: peerHistory[SeriesKey(instanceID: peer.id, metric: key.metric)] ?? [],
                        horizon: provided.detector.horizon)
                {
                    ColdStart.warm(&provided, on: prefix)
                    origin += ", started from \(peer.id)'s history"
                }
            }
            provided.origin = origin
            bank.install(provided, for: key)
            logger.debug(
                "detector installed",
                metadata: [
                    "aiops.instance-id": "\(key.instanceID)", "aiops.metric": "\(key.metric)",
                    "aiops.model": "\(provided.origin)",
                ])
        }
    }

    /// The thresholds people's verdicts raised, per series (derived afresh each cycle from the
    /// stored feedback, published and audited when they change).
    private func adjustThresholds() async throws -> [SeriesKey: ThresholdAdjustment] {
        guard configuration.feedback.enabled else { return [:] }
        var ledger = feedback
        let now = clock.now()
        let evidence = try await ledger.falsePositives(in: store, now: now)
        let adjustments = ledger.adjustments(evidence) { bank.state($0)?.provided.threshold }
        try await ledger.publish(adjustments, to: store, now: now, logger: logger)
        feedback = ledger
        return adjustments
    }

    private func event(
        for output: DetectorBank.Output, of instance: Instance, metric: MetricName, threshold: Double, key: SeriesKey
    ) -> AnomalyEvent {
        let point = output.point
        let chart = bank.state(key)?.recent ?? []
        let detector = bank.state(key)?.provided.detector.name ?? "unknown"
        let anomaly = Anomaly(
            instanceID: instance.id, metric: metric, timestamp: point.timestamp, value: point.value,
            score: point.score ?? 0, threshold: threshold, expected: point.expected,
            drivingFeature: output.drivingFeature, detector: detector)
        return AnomalyEvent(
            eventID: Self.eventID(instanceID: instance.id, metric: metric, at: point.timestamp), instance: instance,
            anomaly: anomaly, recent: chart.map { MetricPoint(timestamp: $0.timestamp, value: $0.value) },
            scored: chart, detectedAt: clock.now())
    }

    /// The id of the anomaly event for one point: the same point always gets the same id.
    public static func eventID(instanceID: String, metric: MetricName, at timestamp: Date) -> String {
        StableID.make("evt", instanceID, metric.rawValue, ISO8601.string(from: timestamp))
    }

    /// Hands the cycle's instances to the health upkeep, with the primary metric's recent points.
    private func saveSnapshots(_ instances: [Instance], anomalous: Set<String>) async throws {
        guard let primary = configuration.metrics.first else { return }
        var recent: [String: [ScoredPoint]] = [:]
        for instance in instances {
            recent[instance.id] = bank.state(SeriesKey(instanceID: instance.id, metric: primary))?.recent
        }
        try await health.save(instances, recent: recent, anomalous: anomalous)
    }
}
