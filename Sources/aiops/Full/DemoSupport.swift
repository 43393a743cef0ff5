import AIOpsCore
import ArgumentParser
import Dashboard
import Foundation
import Logging
import SQLiteStore
import Simulator

/// The demo's store: SQLite in the demo's data folder, so a killed demo loses nothing. The
/// pipeline writes through a `PublishingIncidentStore`, so every incident it opens or changes
/// reaches the dashboard's event stream at once rather than at the poller's next look.
enum DemoStore {
    /// The store the demo's pipeline writes through.
    typealias Live = PublishingIncidentStore<SQLiteIncidentStore>

    static func open(in directory: URL) throws -> any IncidentStore {
        let base = try SQLiteIncidentStore(path: directory.appendingPathComponent("aiops.sqlite").path)
        return Live(base: base, events: IncidentEvents())
    }
}

/// The dashboard of the demo: the same router as `aiops serve`, over the demo's store, with the
/// simulated fleet as the metric source and the demo's clock, until the demo is stopped.
enum DemoDashboard {
    static func serve(_ session: DemoSession, host: String, port: Int, say: @escaping @Sendable (String) -> Void)
        async throws
    {
        let token = ProcessInfo.processInfo.environment["AIOPS_API_TOKEN"]
        // The pipeline's writes publish to the store's change feed: the server streams that same
        // feed. Its poller still watches the file for writers in other processes.
        if let live = session.store as? DemoStore.Live {
            try await serve(
                store: live.base, events: live.events, fleet: session.fleet, clock: session.clock, host: host,
                port: port, pollSeconds: session.options.pollSeconds, token: token, say: say)
        } else {
            try await serve(
                store: session.store, events: IncidentEvents(), fleet: session.fleet, clock: session.clock,
                host: host, port: port, pollSeconds: session.options.pollSeconds, token: token, say: say)
        }
    }

    private static func serve<Store: IncidentStore>(
        store: Store, events: IncidentEvents, fleet: SimulatedFleet, clock: any AgentClock, host: String, port: Int,
        pollSeconds: Double, token: String?, say: @escaping @Sendable (String) -> Void
    ) async throws {
        // Warnings only: the demo's terminal is for its narration, and the address is said below.
        var logger = Logger(label: "aiops.dashboard")
        logger.logLevel = .warning
        let dependencies = DashboardDependencies(
            store: store, metrics: fleet, clock: clock, token: token, events: events,
            resources: try DashboardResources.locate(nil), logger: logger)
        let configuration = DashboardConfiguration(
            host: host, port: port, pollInterval: .milliseconds(Int(pollSeconds * 1000))
        ) { url in
            say("dashboard: \(url) (open it in a browser; incidents appear there live)")
        }
        do {
            let app = try buildApplication(dependencies, configuration: configuration)
            try await app.run()
        } catch let error as DashboardError {
            throw ValidationError("\(error)")
        }
    }
}
