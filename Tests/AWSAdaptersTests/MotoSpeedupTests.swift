import Foundation
import TestSupport
import Testing

/// The tests' moto loads `scripts/moto_fast_metrics.py`, which answers GetMetricData without
/// scanning every datapoint for every period. It must answer exactly as moto does: its self-test
/// compares both on random data (every statistic, period, dimension set, unit and order).
@Suite struct MotoSpeedupTests {
    @Test func theFastGetMetricDataAnswersAsMotoDoes() throws {
        let result = try Subprocess.run(
            try MotoServer.python(),
            [MotoServer.scripts.appendingPathComponent("moto_fast_metrics.py").path, "--self-test"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("answered as moto answers them"), "\(result.stdout)")
    }
}
