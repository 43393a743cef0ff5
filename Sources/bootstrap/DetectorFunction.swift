import AIOpsCore
import LambdaRuntime
import Pipeline

/// `detector`: on each scheduled event, one detection cycle over the watched instances; each
/// anomaly goes to the anomaly topic as an `AnomalyEvent`.
struct DetectorFunction: LambdaHandler {
    let agent: Agent

    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        return DetectorFunction(
            agent: FunctionStages.detector(
                configuration: aws.agentConfiguration(), ports: aws.ports, detectors: try aws.detectorProvider(),
                publisher: try await aws.eventPublisher(), logger: startup.logger))
    }

    func handle(_ event: ScheduledEvent, context: LambdaContext) async throws -> AgentMetrics {
        try await agent.runCycle()
    }
}
