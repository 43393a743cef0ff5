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
        let stages = StageBuilder(configuration: configuration, ports: ports, logger: logger)
        let counters = stages.counters
        let bus = InProcessEventBus(attempts: configuration.deliveryAttempts, logger: logger, counters: counters)
        let detection = stages.detection(detectors: detectors, publisher: bus)
        let analysis = stages.analysis(analyzer: analyzer, alerts: bus, changes: changes, silences: silences)
        let remediation = stages.remediation(escalations: notifier, classifier: classifier)
        let agent = stages.agent(detection: detection, remediation: remediation, notifier: notifier)

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
