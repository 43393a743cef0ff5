import AIOpsCore
import Logging
import Pipeline
import Remediation

/// Builds each stage from the ports, once for every wiring: the embedded pipeline and the serverless
/// functions run the same stages and differ only in what carries the events between them (the
/// in-process bus, or SNS).
struct StageBuilder {
    var configuration: AgentConfiguration
    var ports: PipelinePorts
    var logger: Logger
    /// Shared by the stages of one process, so a cycle's figures count every stage's work.
    var counters = CycleCounters()

    /// Scores the watched instances' new points and publishes each anomaly on `publisher`.
    func detection(detectors: any DetectorProvider, publisher: any EventPublisher) -> DetectionStage {
        DetectionStage(
            configuration: configuration, inventory: ports.inventory, metrics: ports.metrics, store: ports.store,
            detectors: detectors, publisher: publisher, clock: ports.clock, logger: logger, counters: counters)
    }

    /// Analyses each anomaly from the instance's logs, stores it, and publishes critical ones on `alerts`.
    /// `changes`: the change evidence, the ports' when nil.
    func analysis(
        analyzer: any RootCauseAnalyzing, alerts: any EventPublisher, changes: (any ChangeSource)? = nil,
        silences: (any SilenceChecking)? = nil
    ) -> AnalysisStage {
        AnalysisStage(
            configuration: configuration, store: ports.store, logs: ports.logs, metrics: ports.metrics,
            analyzer: analyzer, alerts: alerts, clock: ports.clock, logger: logger, counters: counters,
            changes: changes ?? ports.changes, silences: silences)
    }

    /// Decides each critical alert under the policy's guards, acts, and verifies the recovery
    /// against the baseline; follow-ups for people go to `escalations`.
    func remediation(escalations: any Notifier, classifier: any LogLevelClassifying) -> RemediationStage {
        let probe = BaselineRecoveryProbe(
            metrics: ports.metrics, logs: ports.logs, classifier: classifier, period: configuration.period,
            verificationWindow: configuration.remediation.verificationWindow, criteria: configuration.recovery)
        let engine = RemediationEngine(
            policy: configuration.remediation, store: ports.store, controller: ports.controller,
            inventory: ports.inventory, probe: probe, escalations: escalations, clock: ports.clock)
        return RemediationStage(engine: engine, logger: logger, counters: counters)
    }

    /// The loop: detection every cycle, then the upkeep and `remediation`'s verifications.
    func agent(
        detection: DetectionStage, remediation: RemediationStage?, fanOut: FleetFanOut? = nil,
        notifier: (any Notifier)? = nil
    ) -> Agent {
        Agent(
            configuration: configuration, detection: detection, remediation: remediation, store: ports.store,
            clock: ports.clock, logger: logger, counters: counters, fanOut: fanOut, notifier: notifier)
    }
}
