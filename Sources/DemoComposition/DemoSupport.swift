public import AIOpsCore
import AWSClient
public import Composition
public import Dashboard
public import Foundation
public import Logging
import Notifications
import Remediation
public import SQLiteStore
import Simulator

/// The demo's store: SQLite in the demo's data folder, so a killed demo loses nothing. The
/// pipeline writes through a `PublishingIncidentStore`, so every incident it opens or changes
/// reaches the dashboard's event stream at once rather than at the poller's next look.
public enum DemoStore {
    /// The store the demo's pipeline writes through.
    public typealias Live = PublishingIncidentStore<SQLiteIncidentStore>

    public static func open(in directory: URL) throws -> any IncidentStore {
        let base = try SQLiteIncidentStore(path: directory.appendingPathComponent("aiops.sqlite").path)
        return Live(base: base, events: IncidentEvents())
    }

    /// Checkpoints and closes the SQLite file, so the file alone is a complete copy.
    public static func close(_ store: any IncidentStore) throws {
        try (store as? Live)?.base.close()
    }
}

/// The dashboard of the demo: the same router as `aiops serve`, over the demo's store, with the
/// simulated fleet as the metric source and the demo's clock, until the demo is stopped.
public enum DemoDashboard {
    /// Refuses, before the demo trains, a dashboard that could not start: a public address without a token.
    public static func check(_ options: DemoOptions) throws {
        try DashboardConfiguration(host: options.host, port: options.port).validate(token: options.token)
    }

    /// Makes Prometheus the process's metrics backend, before the pipeline runs, for `/metrics`.
    public static func startMetrics() { PrometheusExposition.bootstrap() }

    /// Serves until the demo is stopped; start-up errors are thrown as the server raised them.
    public static func serve(_ session: DemoSession, say: @escaping @Sendable (String) -> Void) async throws {
        let options = session.options
        // The pipeline's writes publish to the store's change feed: the server streams that same
        // feed. Its poller still watches the file for writers in other processes.
        if let live = session.store as? DemoStore.Live {
            try await serve(
                store: live.base, events: live.events, fleet: session.fleet, clock: session.clock,
                channels: session.channels, approvals: session.pipeline.remediation.engine,
                runbooks: session.pipeline.agent.configuration.remediation.runbooks, options: options, say: say)
        } else {
            try await serve(
                store: session.store, events: IncidentEvents(), fleet: session.fleet, clock: session.clock,
                channels: session.channels, approvals: session.pipeline.remediation.engine,
                runbooks: session.pipeline.agent.configuration.remediation.runbooks, options: options, say: say)
        }
    }

    private static func serve<Store: IncidentStore>(
        store: Store, events: IncidentEvents, fleet: SimulatedFleet, clock: any AgentClock,
        channels: (any Notifier)?, approvals: any ApprovalDesk, runbooks: [Runbook], options: DemoOptions,
        say: @escaping @Sendable (String) -> Void
    ) async throws {
        // Warnings only: the demo's terminal is for its narration, and the address is said below.
        var logger = Logger(label: "aiops.dashboard")
        logger.logLevel = .warning
        var dependencies = DashboardDependencies(
            store: store, metrics: fleet, clock: clock, token: options.token, events: events,
            resources: try DashboardResources.locate(nil), logger: logger)
        dependencies.notifier = channels
        dependencies.metricsText = PrometheusExposition.render
        dependencies.awsErrorsLastHour = AWSCallHistory.lastHour
        dependencies.approvals = approvals
        dependencies.runbooks = runbooks
        let configuration = DashboardConfiguration(
            host: options.host, port: options.port, pollInterval: .milliseconds(Int(options.pollSeconds * 1000))
        ) { url in
            say("dashboard: \(url) (open it in a browser; incidents appear there live)")
        }
        let app = try buildApplication(dependencies, configuration: configuration)
        try await app.run()
    }
}

/// The notification channels of the demo: those the environment turns on (docs/channels.md), with
/// their records in the demo's store, and incident links to the demo's dashboard when it serves.
public enum DemoChannels {
    /// Nil when no channel variable is set; a bad setting throws, naming the variable.
    public static func notifier(_ options: DemoOptions, store: any IncidentStore, logger: Logger) async throws
        -> (any Notifier)?
    {
        let environment = ProcessInfo.processInfo.environment
        let dashboard =
            options.serve && options.port != 0 ? URL(string: "http://\(options.host):\(options.port)") : nil
        return try await ChannelNotifier.fromEnvironment(
            environment, store: store, clock: SystemClock(), dashboard: dashboard, logger: logger,
            makeExecutor: { try AWSRequestExecutor.fromEnvironment(environment, logger: logger) })
    }
}
