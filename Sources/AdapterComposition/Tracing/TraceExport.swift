public import Logging
import OTel
import ServiceLifecycle
import Tracing

/// Runs work with an OpenTelemetry tracer (swift-otel, OTLP/HTTP) bound to it, and exports every
/// span it ended before returning.
///
/// swift-otel has no public force-flush: its batch processor exports on a schedule, and flushes
/// when its service shuts down gracefully. So each call makes a backend, runs its service, binds
/// the tracer to the task (`withTracer`, no process-global bootstrap), and shuts the service down
/// after `body`: in Lambda, where the process is frozen once the response is posted, the spans
/// leave before it is. Long-running commands call it once around their whole run. Tracing off,
/// `body` runs alone: no backend, no client, the no-op tracer.
public struct TraceExport: Sendable {
    public let settings: TraceSettings
    let logger: Logger

    public init(settings: TraceSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// `body` under the tracer; its spans exported before this returns. An exporter that fails
    /// (an endpoint down) is logged and never fails `body`'s work.
    public nonisolated(nonsending) func run<T>(_ body: () async throws -> T) async throws -> T {
        guard settings.enabled else { return try await body() }
        let backend: (tracer: any Tracer, service: any Service)
        do {
            let made = try OTel.makeTracingBackend(configuration: configuration())
            backend = (made.factory, made.service)
        } catch {
            logger.warning(
                "traces not exported: the OTEL_* settings are not usable", metadata: ["aiops.error": "\(error)"])
            return try await body()
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [ServiceGroupConfiguration.ServiceConfiguration(service: backend.service)], logger: logger))
        let logger = logger
        return try await withThrowingTaskGroup(of: Void.self, returning: T.self) { tasks in
            tasks.addTask {
                do {
                    try await group.run()
                } catch {
                    logger.warning("the trace exporter stopped", metadata: ["aiops.error": "\(error)"])
                }
            }
            let result: Result<T, any Error>
            do {
                result = .success(try await withTracer(backend.tracer) { try await body() })
            } catch {
                result = .failure(error)
            }
            // The graceful shutdown ends the tracer, then the batch processor, which exports
            // what it holds, then the exporter.
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return try result.get()
        }
    }

    func configuration() -> OTel.Configuration {
        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.resourceAttributes = settings.resourceAttributes
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.diagnosticLogger = .custom(logger)
        configuration.diagnosticLogLevel = .warning
        return configuration
    }
}
