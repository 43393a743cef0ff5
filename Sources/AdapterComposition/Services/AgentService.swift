import Foundation
public import Logging
public import Pipeline
public import ServiceLifecycle

/// The agent's loop as a `Service`: a cycle at every interval boundary until the service group
/// shuts down. Graceful shutdown cancels the loop: the cycle in flight is abandoned and, since the
/// checkpoint moves only when a cycle ends, the next start processes its window again without
/// doing anything twice.
public struct AgentService: Service {
    let agent: Agent
    let onCycle: @Sendable (AgentMetrics) async -> Void

    /// - Parameter onCycle: called with each finished cycle's figures.
    public init(agent: Agent, onCycle: @escaping @Sendable (AgentMetrics) async -> Void) {
        self.agent = agent
        self.onCycle = onCycle
    }

    public func run() async throws {
        let agent = agent
        let onCycle = onCycle
        do {
            try await cancelWhenGracefulShutdown { try await agent.run(onCycle: onCycle) }
        } catch is CancellationError {
            // Shutting down: an abandoned cycle is the expected way out, not a failure of the group.
        }
    }

    /// The agent beside its dashboard in one group: SIGTERM or SIGINT shuts them down in reverse
    /// order, the server first (it drains its requests), then the loop. A service that fails (a
    /// dashboard that cannot bind its port) ends the group with its error.
    public static func group(_ agent: AgentService, beside dashboard: some Service, logger: Logger) -> ServiceGroup {
        ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [agent, dashboard], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
    }
}
