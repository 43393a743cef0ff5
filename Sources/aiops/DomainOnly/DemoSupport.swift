import AIOpsCore
import ArgumentParser
import Composition
import Foundation
import Logging

/// The demo's store in a domain-only build: in memory (the SQLite store is an adapter).
enum DemoStore {
    static func open(in directory: URL) throws -> any IncidentStore { InMemoryIncidentStore() }
    static func close(_ store: any IncidentStore) throws {}
}

/// A domain-only build has no HTTP server: the demo says so and keeps running until stopped.
enum DemoDashboard {
    static func check(_ options: DemoOptions) throws {}

    /// No server, so no `/metrics`: the metrics stay swift-metrics' no-op.
    static func startMetrics() {}

    static func serve(_ session: DemoSession, say: @Sendable (String) -> Void) async throws {
        say("this build has no dashboard server (AIOPS_DOMAIN_ONLY); use --no-server, or build everything")
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }
}

/// No server, so no start-up failure to explain.
enum DashboardStartFailure {
    static func explain(_ error: any Error, host: String, port: Int) -> any Error { error }
}

/// A domain-only build has no HTTP client: the demo's alerts go to the outbox only.
enum DemoChannels {
    static func notifier(_ options: DemoOptions, store: any IncidentStore, logger: Logger) async throws
        -> (any Notifier)?
    { nil }
}

/// No OpenTelemetry exporter in this build: the tracing API's no-op tracer answers every span.
enum ProcessTracing {
    static func run(_ command: sending any AsyncParsableCommand) async throws {
        var command = command
        try await command.run()
    }
}
