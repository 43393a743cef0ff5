import AIOpsCore
import ArgumentParser
import Dashboard
import Foundation
import Logging
import SQLiteStore
import Simulator

/// The demo's store: SQLite in the demo's data folder, so a killed demo loses nothing.
enum DemoStore {
    static func open(in directory: URL) throws -> any IncidentStore {
        try SQLiteIncidentStore(path: directory.appendingPathComponent("aiops.sqlite").path)
    }
}

/// The dashboard of the demo: the same router as `aiops serve`, over the demo's store, with the
/// simulated fleet as the metric source and the demo's clock, until the demo is stopped.
enum DemoDashboard {
    static func serve(_ session: DemoSession, host: String, port: Int, say: @escaping @Sendable (String) -> Void)
        async throws
    {
        let token = ProcessInfo.processInfo.environment["AIOPS_API_TOKEN"]
        try await serve(
            store: session.store, fleet: session.fleet, clock: session.clock, host: host, port: port, token: token,
            say: say)
    }

    private static func serve<Store: IncidentStore>(
        store: Store, fleet: SimulatedFleet, clock: any AgentClock, host: String, port: Int, token: String?,
        say: @escaping @Sendable (String) -> Void
    ) async throws {
        let dependencies = DashboardDependencies(
            store: store, metrics: fleet, clock: clock, token: token, resources: try DashboardResources.locate(nil),
            logger: Logger(label: "aiops.dashboard"))
        let configuration = DashboardConfiguration(host: host, port: port) { url in
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
