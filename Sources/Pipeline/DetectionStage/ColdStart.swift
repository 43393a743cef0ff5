public import AIOpsCore
public import Foundation

/// How a fresh detector (a cold function, a series new to it, a restart in `aiops evaluate
/// --restart-every`) is rebuilt to the state it would have had if it had never stopped: it
/// observes the series' history over its whole horizon, silently, before it judges a new point.
public enum ColdStart {
    /// How long CloudWatch keeps datapoints of `period` seconds: what a cold function can read.
    public static func retention(period: Int) -> TimeInterval {
        switch period {
        case ..<60: 3 * 3600
        case ..<300: 15 * 86_400
        case ..<3600: 63 * 86_400
        default: 455 * 86_400
        }
    }

    /// How far before its first new point a fresh `provided` must read: its horizon (or its warm-up
    /// if longer, and at least `minimum`), within what CloudWatch keeps at `period`.
    public static func history(for provided: ProvidedDetector, period: Int, minimum: TimeInterval = 0)
        -> TimeInterval
    {
        let points = max(provided.warmupPoints, provided.detector.horizon) + 1
        return min(max(minimum, Double(points) * Double(max(period, 1))), retention(period: period))
    }

    /// Feeds `history` (oldest first) to the detector, discarding what it says: a warm-up.
    public static func warm(_ provided: inout ProvidedDetector, on history: some Sequence<MetricPoint>) {
        for point in history where point.value.isFinite { _ = provided.detector.observe(point) }
    }
}
