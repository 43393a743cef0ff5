import AIOpsCore
import Foundation
import SQLiteStore

/// The demo's store: SQLite in the demo's data folder, so a killed demo loses nothing.
enum DemoStore {
    static func open(in directory: URL) throws -> any IncidentStore {
        try SQLiteIncidentStore(path: directory.appendingPathComponent("aiops.sqlite").path)
    }
}

/// The seam for the dashboard (issue 4): serve `session.store` (and `session.fleet` for the metric
/// views) on host:port until cancelled. Until the dashboard lands, it says so and waits.
enum DemoDashboard {
    static func serve(_ session: DemoSession, host: String, port: Int, say: @Sendable (String) -> Void) async throws {
        say("the dashboard is not built yet (issue 4); the demo keeps running until you stop it (Ctrl-C)")
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }
}
