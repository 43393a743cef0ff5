public import AIOpsCore
import Composition
import Detection
public import Foundation
public import Logging
public import Pipeline

/// Replays recorded metrics and logs through the whole pipeline — the agent's own detection,
/// analysis, escalation, alerting and remediation stages, in dry run — on a replay clock, and
/// reports what it would have opened, alerted and done.
public struct Backtest: Sendable {
    public struct Options: Sendable {
        /// The catalogue detector every series is scored with.
        public var detector: String = DetectorCatalog.defaultName
        /// Seconds between datapoints and cycles; nil: the recording's most common spacing.
        public var period: Int?
        /// History at the start that only warms the detectors up; nil: the first quarter of the
        /// recording, at most 14 days.
        public var warmup: TimeInterval?
        /// The metrics scored; nil: every recorded metric but the status check.
        public var metrics: [MetricName]?
        /// How long after a labelled fault's end an incident still belongs to it.
        public var grace: TimeInterval?

        public init() {}
    }

    public var recording: Recording
    public var labels: [LabelledFault]?
    public var options: Options

    public init(recording: Recording, labels: [LabelledFault]? = nil, options: Options = Options()) {
        self.recording = recording
        self.labels = labels
        self.options = options
    }

    /// Runs the replay. `progress` hears (cycles done, cycles in all).
    public func run(
        analyzer: any RootCauseAnalyzing, logger: Logger, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> BacktestReport {
        guard let span = recording.span else { throw EvaluationError(.badRecording, "the recording has no datapoint") }
        guard let period = options.period ?? recording.inferredPeriod, period > 0 else {
            throw EvaluationError(.badRecording, "cannot tell the recording's period: every series has one point")
        }
        let length = span.upperBound.timeIntervalSince(span.lowerBound)
        let step = Double(period)
        let warmup = options.warmup ?? (min(length / 4, 14 * 86_400) / step).rounded(.down) * step
        let metrics = options.metrics ?? recording.metrics.filter { $0 != .statusCheckFailed }
        guard !metrics.isEmpty else { throw EvaluationError(.badRecording, "the recording has no metric to score") }
        var configuration = AgentConfiguration(
            metrics: metrics,
            statusCheckMetric: recording.metrics.contains(.statusCheckFailed) ? .statusCheckFailed : nil,
            period: period, cycleInterval: step, warmup: warmup, initialLookback: step)
        // What it would have done, never done.
        configuration.remediation.dryRun = true
        let context = DetectorContext(trainingPoints: max(Int(warmup / step), 10))
        guard let detectors = CatalogDetectorProvider.catalog(options.detector, metrics: metrics, context: context)
        else {
            throw EvaluationError(
                .unknownDetector,
                "unknown detector `\(options.detector)`; known: \(DetectorCatalog.names.joined(separator: ", "))")
        }

        // The first cycle scores the datapoint that starts right after the warm-up.
        let replayFrom = configuration.periodStart(span.lowerBound.addingTimeInterval(warmup))
        let clock = ReplayClock(start: replayFrom.addingTimeInterval(step))
        let fleet = ReplayFleet(recording: recording, clock: clock, period: period)
        let store = InMemoryIncidentStore()
        let alerts = AlertRecorder()
        let ports = PipelinePorts(
            inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock)
        let pipeline = await EmbeddedPipeline.make(
            configuration: configuration, ports: ports, detectors: detectors, analyzer: analyzer, notifier: alerts,
            logger: logger)

        let last = configuration.periodStart(span.upperBound)
        let total = max(Int((last.timeIntervalSince(replayFrom) / step).rounded()) + 1, 0)
        var shownAt: [String: Date] = [:]
        var cycles = 0
        // One cycle per period, until the last datapoint's period has ended; then as many more as
        // a pending verification needs.
        let verification = configuration.remediation.verificationWindow + step
        while clock.now() <= last.addingTimeInterval(step + verification) {
            try await pipeline.agent.runCycle()
            cycles += 1
            for incident in try await store.allIncidents() where shownAt[incident.id] == nil {
                shownAt[incident.id] = clock.now()
            }
            progress(min(cycles, total), total)
            clock.advance(by: step)
        }
        return try await report(
            store: store, alerts: await alerts.alerts, fleet: fleet, deadLetters: await pipeline.bus.deadLetterCount,
            shownAt: shownAt,
            input: BacktestReport.Input(
                detector: options.detector, period: period, instances: recording.instanceIDs,
                metrics: metrics.map(\.rawValue), logLines: recording.logs.values.reduce(0) { $0 + $1.count },
                from: span.lowerBound, to: span.upperBound, replayFrom: replayFrom, cycles: cycles))
    }

    private func report(
        store: any IncidentStore, alerts: [CriticalAlert], fleet: ReplayFleet, deadLetters: Int,
        shownAt: [String: Date], input: BacktestReport.Input
    ) async throws -> BacktestReport {
        let incidents = try await store.allIncidents().sorted { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
        var incidentEntries = incidents.map { incident in
            BacktestReport.IncidentEntry(
                id: incident.id, instanceID: incident.instanceID, metric: incident.metric.rawValue,
                severity: incident.severity.rawValue, status: incident.status.rawValue,
                firstAnomaly: incident.anomaly.timestamp, shownAt: shownAt[incident.id] ?? incident.updatedAt,
                anomalies: incident.anomalyCount, peakScore: incident.peakScore,
                drivingFeature: incident.anomaly.drivingFeature,
                expected: incident.anomaly.expected.map { [$0.lowerBound, $0.upperBound] }, summary: incident.summary,
                rootCause: incident.findings.first.map { "\($0.level.rawValue) \($0.novelty.rawValue): \($0.template)" }
            )
        }
        var anomalyTimes: [String: [Date]] = [:]
        for incident in incidents {
            anomalyTimes[incident.id] = try await store.anomalies(incidentID: incident.id).map(\.timestamp)
        }
        let sent = alerts.sorted { ($0.raisedAt, $0.alertID) < ($1.raisedAt, $1.alertID) }
        var alertEntries = sent.map { alert in
            BacktestReport.AlertEntry(
                id: alert.alertID, incidentID: alert.incident.id, instanceID: alert.instance.id,
                raisedAt: alert.raisedAt, summary: alert.incident.summary)
        }
        let actions = try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: Int.max)
            .sorted { ($0.at, $0.id) < ($1.at, $1.id) }
            .map {
                BacktestReport.ActionEntry(
                    id: $0.id, incidentID: $0.incidentID, instanceID: $0.instanceID, kind: $0.kind.rawValue,
                    status: $0.status.rawValue, at: $0.at, reason: $0.reason)
            }
        var evaluation: BacktestEvaluation?
        if let labels {
            let grace = options.grace ?? 2 * Double(input.period)
            let (result, incidentFaults, alertFaults) = BacktestEvaluation.evaluate(
                labels: labels, end: input.to, period: Double(input.period), grace: grace,
                incidents: incidentEntries.map { ($0.id, $0.instanceID, anomalyTimes[$0.id] ?? [$0.firstAnomaly]) },
                alerts: sent.map { ($0.alertID, $0.instance.id, $0.raisedAt) })
            for index in incidentEntries.indices { incidentEntries[index].fault = incidentFaults[index] }
            for index in alertEntries.indices { alertEntries[index].fault = alertFaults[index] }
            evaluation = result
        }
        return BacktestReport(
            input: input, incidents: incidentEntries, alerts: alertEntries, actions: actions,
            controllerCalls: fleet.controllerCalls, deadLetters: deadLetters, evaluation: evaluation)
    }
}
