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
    /// `notifier` is told of the incidents the upkeep resolves.
    public static func detector(
        configuration: AgentConfiguration, ports: PipelinePorts, detectors: any DetectorProvider,
        publisher: any EventPublisher, logger: Logger, fanOut: FleetFanOut? = nil, notifier: (any Notifier)? = nil
    ) -> Agent {
        let stages = StageBuilder(configuration: configuration, ports: ports, logger: logger)
        return stages.agent(
            detection: stages.detection(detectors: detectors, publisher: publisher), remediation: nil, fanOut: fanOut,
            notifier: notifier)
    }

    /// A detector worker: the shards the scheduled detector sends, each scored by the same
    /// detection stage as `detector`'s, kept warm per shard.
    public static func detectorWorker(
        configuration: AgentConfiguration, ports: PipelinePorts, detectors: any DetectorProvider,
        publisher: any EventPublisher, logger: Logger, keptShards: Int = 4
    ) -> DetectionWorker {
        DetectionWorker(keptShards: keptShards, logger: logger) { counters in
            StageBuilder(configuration: configuration, ports: ports, logger: logger, counters: counters)
                .detection(detectors: detectors, publisher: publisher)
        }
    }

    /// The RCA function: each anomaly event analysed from the instance's logs, stored, and critical
    /// ones published on `alerts` (the critical-alerts topic).
    public static func analysis(
        configuration: AgentConfiguration, ports: PipelinePorts, analyzer: any RootCauseAnalyzing,
        alerts: any EventPublisher, logger: Logger
    ) -> AnalysisStage {
        StageBuilder(configuration: configuration, ports: ports, logger: logger)
            .analysis(analyzer: analyzer, alerts: alerts)
    }

    /// The remediation function: each critical alert decided under the policy's guards (opt-in tag,
    /// cooldown, fleet cap, breaker, dry run), claimed once per incident, audited, and verified
    /// later; follow-ups for people go to `escalations`.
    public static func remediation(
        configuration: AgentConfiguration, ports: PipelinePorts, escalations: any Notifier,
        classifier: any LogLevelClassifying = SeverityLevelClassifier(), logger: Logger
    ) -> RemediationStage {
        StageBuilder(configuration: configuration, ports: ports, logger: logger)
            .remediation(escalations: escalations, classifier: classifier)
    }
}
