public import AIOpsCore
import Foundation
public import Logging
public import Pipeline
import Remediation

/// The whole chain in one process: detection publishes on the in-process bus; the analysis stage
/// subscribes to anomalies; the notifier and the remediation stage subscribe to critical alerts,
/// in that order (people hear first). The same stages run as Lambda functions with SNS between
/// them; only this wiring differs.
public struct EmbeddedPipeline: Sendable {
    public let bus: InProcessEventBus
    public let agent: Agent
    public let detection: DetectionStage
    public let analysis: AnalysisStage
    public let remediation: RemediationStage
    public let counters: CycleCounters
    public let ports: PipelinePorts

    /// Wires the stages to `ports`.
    /// - Parameters:
    ///   - notifier: tells people about critical alerts and escalations (the outbox, when embedded).
    ///   - classifier: tells error lines apart when verifying a recovery.
    ///   - changes, silences: change evidence and silenced paging for the analysis (issue #15).
    public static func make(
        configuration: AgentConfiguration, ports: PipelinePorts, detectors: any DetectorProvider,
        analyzer: any RootCauseAnalyzing, notifier: any Notifier,
        classifier: any LogLevelClassifying = SeverityLevelClassifier(), logger: Logger,
        changes: (any ChangeSource)? = nil, silences: (any SilenceChecking)? = nil
    ) async -> EmbeddedPipeline {
        let counters = CycleCounters()
        let bus = InProcessEventBus(attempts: configuration.deliveryAttempts, logger: logger, counters: counters)
        let detection = DetectionStage(
            configuration: configuration, inventory: ports.inventory, metrics: ports.metrics, store: ports.store,
            detectors: detectors, publisher: bus, clock: ports.clock, logger: logger, counters: counters)
        let analysis = AnalysisStage(
            configuration: configuration, store: ports.store, logs: ports.logs, metrics: ports.metrics,
            analyzer: analyzer, alerts: bus, clock: ports.clock, logger: logger, counters: counters, changes: changes,
            silences: silences)
        let probe = BaselineRecoveryProbe(
            metrics: ports.metrics, logs: ports.logs, classifier: classifier, period: configuration.period,
            verificationWindow: configuration.remediation.verificationWindow, criteria: configuration.recovery)
        let engine = RemediationEngine(
            policy: configuration.remediation, store: ports.store, controller: ports.controller,
            inventory: ports.inventory, probe: probe, escalations: notifier, clock: ports.clock)
        let remediation = RemediationStage(engine: engine, logger: logger, counters: counters)
        let agent = Agent(
            configuration: configuration, detection: detection, remediation: remediation, store: ports.store,
            clock: ports.clock, logger: logger, counters: counters)

        await bus.subscribe(.anomalies, name: "analysis") { message in _ = try await analysis.handle(message) }
        await bus.subscribe(.criticalAlerts, name: "notifier") { message in
            try await notifier.notify(EventCodec.decodeCriticalAlert(message))
        }
        await bus.subscribe(.criticalAlerts, name: "remediation") { message in
            _ = try await remediation.handle(message)
        }
        return EmbeddedPipeline(
            bus: bus, agent: agent, detection: detection, analysis: analysis, remediation: remediation,
            counters: counters, ports: ports)
    }
}
