import AIOpsCore
import Foundation
import MetricsTestKit
import Pipeline
import Testing

/// The agent's metrics (docs/observability.md) agree with what the chain stored. The test binds
/// a factory of its own to its task, so the process-wide swift-metrics bootstrap stays untouched
/// and the suites running beside it count elsewhere.
@Suite struct PipelineMetricsTests {
    @Test func theCountersAgreeWithTheStore() async throws {
        let metrics = TestMetrics()
        let clock = ManualClock(EmbeddedChainTests.start)
        let fleet = await EmbeddedChainTests.fleet(clock: clock)
        let store: any IncidentStore = InMemoryIncidentStore()
        let start = EmbeddedChainTests.start
        let end = EmbeddedChainTests.end
        try await AIOpsMetrics.$factory.withValue(metrics) {
            _ = try await runCycles(clock: clock, from: start, through: end, interval: 300, base: store, crashAt: nil) {
                await EmbeddedChainTests.make($0, fleet: fleet, clock: clock, notifier: RecordingNotifier())
            }
        }
        let dump = try await StoreDump.of(store)
        let cycles = Int64((end.timeIntervalSince(start) / 300).rounded(.down)) + 1

        #expect(metrics.counterTotal(label: "aiops_cycles_total", dimensions: [("outcome", "ok")]) == cycles)
        #expect(try metrics.expectTimer("aiops_cycle_duration_seconds").values.count == Int(cycles))
        #expect(metrics.counterTotal(label: "aiops_incidents_opened_total") == Int64(dump.incidents.count))
        #expect(
            metrics.counterTotal(label: "aiops_anomalies_total")
                == Int64(dump.incidents.reduce(0) { $0 + $1.anomalyCount }))
        #expect(metrics.counterTotal(label: "aiops_actions_total") == Int64(dump.actions.count))
        // web-2 has no remediation tag: its alert is kept from acting by the opt-in guard.
        #expect(metrics.counterTotal(label: "aiops_guard_skips_total", dimensions: [("reason", "not_opted_in")]) >= 1)
        #expect(metrics.counterTotal(label: "aiops_series_scored_total") >= cycles * 3)
        #expect(metrics.counterTotal(label: "aiops_detector_rebuilds_total") >= 3)
    }
}
