public import AIOpsCore
import CoreMetrics
import Prometheus
import Synchronization

/// The process's metrics for `/metrics`: swift-metrics bootstrapped with swift-prometheus, once.
///
/// `aiops serve`, `aiops run` and `aiops demo` call `bootstrap()` before they build anything, and
/// hand `render` to the dashboard. The Lambda functions use EMF instead (LambdaRuntime).
public enum PrometheusExposition {
    private static let registry = PrometheusCollectorRegistry()
    private static let started = Mutex(false)

    /// Makes Prometheus the process's metrics backend and records `aiops_build_info`. swift-metrics
    /// allows one bootstrap per process, so later calls do nothing.
    public static func bootstrap(version: String = BuildInfo.version) {
        let first = started.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        var factory = PrometheusMetricsFactory(registry: registry)
        // A cycle takes from milliseconds (the demo) to minutes (a large fleet against AWS).
        factory.durationHistogramBuckets["aiops_cycle_duration_seconds"] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
            .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(120),
            .seconds(300),
        ]
        MetricsSystem.bootstrap(factory)
        AIOpsMetrics.buildInfo(version: version)
    }

    /// Everything recorded so far, in the Prometheus text format.
    @Sendable public static func render() -> String { registry.emitToString() }
}
