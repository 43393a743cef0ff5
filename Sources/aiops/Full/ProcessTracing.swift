import AIOpsCore
import AdapterComposition
import ArgumentParser
import Foundation
import Logging

/// The command's OpenTelemetry traces (`OTEL_*`, docs/observability.md): one backend for the
/// whole run, its spans exported when the command ends (a graceful stop of `run`, `serve`, `demo`
/// included). Off unless asked for; then the command runs alone.
enum ProcessTracing {
    static func run(_ command: sending any AsyncParsableCommand) async throws {
        var command = command
        let settings = TraceSettings.from(
            ProcessInfo.processInfo.environment, serviceName: "aiops",
            resourceAttributes: ["aiops.version": BuildInfo.version])
        guard settings.enabled else { return try await command.run() }
        try await TraceExport(settings: settings, logger: Logger(label: "aiops.tracing")).run {
            try await command.run()
        }
    }
}
