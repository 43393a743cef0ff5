public import AIOpsCore
public import Logging
public import Pipeline
import Remediation

/// The stages wired one per process, as the serverless functions run them: SNS (or any
/// `EventPublisher`) between them instead of the in-process bus. `EmbeddedPipeline` wires the same
/// stages into one process; only the wiring differs.
public enum FunctionStages {
    /// The detector function: one detection cycle per scheduled event over the watched instances,
    /// each anomaly published on `publisher` (the anomaly topic), then the incident upkeep.
    /// Remediations are verified by the remediation function, not here.
    /// With `fanOut`, a fleet larger than one shard is sent to the detector workers instead.
    public static func detector(
        configuration: AgentConfiguration, ports: PipelinePorts, detectors: any DetectorProvider,
        publisher: any EventPublisher, logger: Logger, fanOut: FleetFanOut? = nil
    ) -> Agent {
        let counters = CycleCounters()
        let detection = detectionStage(
            configuration: configuration, ports: ports, detectors: detectors, publisher: publisher, logger: logger,
            counters: counters)
        return Agent(
            configuration: configuration, detection: detection, remediation: nil, store: ports.store,
            clock: ports.clock, logger: logger, counters: counters, fanOut: fanOut)
    }

    /// A detector worker: the shards the scheduled detector sends, each scored by the same
    /// detection stage as `detector`'s, kept warm per shard.
    public static func detectorWorker(
        configuration: AgentConfiguration, ports: PipelinePorts, detectors: any DetectorProvider,
        publisher: any EventPublisher, logger: Logger, keptShards: Int = 4
    ) -> DetectionWorker {
        DetectionWorker(keptShards: keptShards, logger: logger) { counters in
            detectionStage(
                configuration: configuration, ports: ports, detectors: detectors, publisher: publisher, logger: logger,
                counters: counters)
        }
    }

    static func detectionStage(
        configuration: AgentConfiguration, ports: PipelinePorts, detectors: any DetectorProvider,
        publisher: any EventPublisher, logger: Logger, counters: CycleCounters
    ) -> DetectionStage {
        DetectionStage(
            configuration: configuration, inventory: ports.inventory, metrics: ports.metrics, store: ports.store,
            detectors: detectors, publisher: publisher, clock: ports.clock, logger: logger, counters: counters)
    }

    /// The RCA function: each anomaly event analysed from the instance's logs, stored, and critical
    /// ones published on `alerts` (the critical-alerts topic).
    public static func analysis(
        configuration: AgentConfiguration, ports: PipelinePorts, analyzer: any RootCauseAnalyzing,
        alerts: any EventPublisher, logger: Logger
    ) -> AnalysisStage {
        AnalysisStage(
            configuration: configuration, store: ports.store, logs: ports.logs, metrics: ports.metrics,
            analyzer: analyzer, alerts: alerts, clock: ports.clock, logger: logger)
    }

    /// The remediation function: each critical alert decided under the policy's guards (opt-in tag,
    /// cooldown, fleet cap, breaker, dry run), claimed once per incident, audited, and verified
    /// later; follow-ups for people go to `escalations`.
    public static func remediation(
        configuration: AgentConfiguration, ports: PipelinePorts, escalations: any Notifier,
        classifier: any LogLevelClassifying = SeverityLevelClassifier(), logger: Logger
    ) -> RemediationStage {
        let probe = BaselineRecoveryProbe(
            metrics: ports.metrics, logs: ports.logs, classifier: classifier, period: configuration.period,
            verificationWindow: configuration.remediation.verificationWindow, criteria: configuration.recovery)
        let engine = RemediationEngine(
            policy: configuration.remediation, store: ports.store, controller: ports.controller,
            inventory: ports.inventory, probe: probe, escalations: escalations, clock: ports.clock)
        return RemediationStage(engine: engine, logger: logger)
    }
}
