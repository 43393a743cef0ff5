public import CoreMetrics
import Foundation
import Synchronization

/// The agent's own metrics (docs/observability.md), named here once and emitted at the call
/// sites through swift-metrics. The backend is the entry point's choice: Prometheus text on
/// `/metrics` for the CLI's servers, Embedded Metric Format lines in Lambda.
///
/// swift-metrics allows one `MetricsSystem.bootstrap` per process, so a test does not bootstrap:
/// it binds a factory of its own to its task (`AIOpsMetrics.$factory.withValue(…)`) and reads
/// that one, however many suites run beside it.
///
/// Labels take bounded values only (an outcome, a severity, a channel kind): never an instance id.
public enum AIOpsMetrics {
    /// The factory of the current task; nil: the process's (`MetricsSystem.factory`).
    @TaskLocal public static var factory: (any MetricsFactory)?

    /// CloudWatch's list price of `GetMetricData`: $0.01 per 1,000 metrics requested (docs/cost.md).
    public static let dollarsPerMetricRequested = 0.01 / 1000
    /// The month of docs/cost.md's table: 30 days.
    public static let secondsPerMonth = 30.0 * 86_400

    static var current: any MetricsFactory { factory ?? MetricsSystem.factory }

    /// Adds `amount` to the counter `name` (nothing for zero).
    public static func count(_ name: String, _ dimensions: [(String, String)] = [], by amount: Int = 1) {
        guard amount > 0 else { return }
        Counter(label: name, dimensions: dimensions, factory: current).increment(by: amount)
    }

    /// Sets the gauge `name`.
    public static func gauge(_ name: String, _ dimensions: [(String, String)] = [], _ value: Double) {
        Gauge(label: name, dimensions: dimensions, factory: current).record(value)
    }

    /// Records a duration into the histogram `name` (a swift-metrics timer; seconds on the wire).
    public static func seconds(_ name: String, _ dimensions: [(String, String)] = [], _ value: Double) {
        CoreMetrics.Timer(label: name, dimensions: dimensions, factory: current).recordNanoseconds(
            Int64(max(value, 0) * 1e9))
    }

    // MARK: - The agent's metrics, by stage

    /// A detection cycle ended: `outcome` is `ok` or `failed`; `cycleInterval` turns the metrics
    /// requested since the last cycle into the month's `GetMetricData` estimate, returned (nil
    /// for a failed cycle or one that requested no CloudWatch metrics).
    @discardableResult
    public static func cycle(outcome: String, seconds: Double, cycleInterval: Double) -> Double? {
        count("aiops_cycles_total", [("outcome", outcome)])
        Self.seconds("aiops_cycle_duration_seconds", [], seconds)
        gauge("aiops_last_cycle_timestamp_seconds", [], Date().timeIntervalSince1970)
        let requested = requestedThisCycle.withLock { value in
            defer { value = 0 }
            return value
        }
        guard outcome == "ok", cycleInterval > 0, requested > 0 else { return nil }
        let dollars = Double(requested) * (secondsPerMonth / cycleInterval) * dollarsPerMetricRequested
        gauge("aiops_getmetricdata_cost_estimate_dollars", [], dollars)
        return dollars
    }

    public static func seriesScored(_ count: Int) { Self.count("aiops_series_scored_total", by: count) }

    /// Detectors built afresh (a cold process, a new series, one that fell too far behind).
    public static func detectorRebuilds(_ count: Int) { Self.count("aiops_detector_rebuilds_total", by: count) }

    public static func anomaly() { count("aiops_anomalies_total") }

    public static func incidentOpened(severity: String) {
        count("aiops_incidents_opened_total", [("severity", severity)])
    }

    /// One delivery of a notice: `channel` is the channel's kind (`email`, `sns`, `slack`, …).
    public static func notification(channel: String, outcome: String) {
        count("aiops_notifications_total", [("channel", channel), ("outcome", outcome)])
    }

    /// One remediation decision recorded: `outcome` is the action's status when decided.
    public static func action(kind: String, outcome: String) {
        count("aiops_actions_total", [("kind", kind), ("outcome", outcome)])
    }

    /// A guard kept an action from being taken.
    public static func guardSkip(reason: String) { count("aiops_guard_skips_total", [("reason", reason)]) }

    /// A message set aside after every delivery attempt failed.
    public static func deadLetter(topic: String) { count("aiops_dead_letters_total", [("topic", topic)]) }

    /// How long one store operation took, from `started` to now.
    public static func storeLatency(operation: String, since started: ContinuousClock.Instant) {
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        Self.seconds("aiops_store_operation_duration_seconds", [("operation", operation)], seconds)
    }

    /// Metrics asked of CloudWatch's `GetMetricData`: what it bills.
    public static func getMetricDataRequested(_ metrics: Int) {
        count("aiops_getmetricdata_metrics_total", by: metrics)
        requestedThisCycle.withLock { $0 += metrics }
    }

    /// `aiops_build_info{version} 1`, the Prometheus way of exposing the version.
    public static func buildInfo(version: String) { gauge("aiops_build_info", [("version", version)], 1) }

    /// `GetMetricData` metrics requested since the last cycle ended, in this process.
    private static let requestedThisCycle = Mutex(0)
}
