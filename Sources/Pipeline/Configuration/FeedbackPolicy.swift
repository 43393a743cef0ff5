public import Foundation

/// How incidents marked false positive raise their series' alert threshold, and the bounds that
/// keep feedback from ever silencing an instance.
///
/// Thresholds are compared as odds, `t / (1 − t)`: for `default` a score's odds are how many times
/// further out than anything in the series' history the point lay, so "25% above the false alarm"
/// and "at most 3× the detector's own threshold" mean the same on every series.
public struct FeedbackPolicy: Sendable, Hashable {
    /// Whether verdicts change thresholds at all.
    public var enabled: Bool
    /// Verdicts on incidents opened longer ago than this no longer count (the detector's own
    /// history has absorbed such patterns by then).
    public var horizon: TimeInterval
    /// The raised threshold's odds over the highest false-positive score's: a little more novel
    /// than the false alarm is needed to alert.
    public var margin: Double
    /// The raised threshold's odds never exceed the detector's own times this: a fault far outside
    /// the expected range still alerts.
    public var maximumOddsRatio: Double

    public init(
        enabled: Bool = true, horizon: TimeInterval = 30 * 86_400, margin: Double = 1.25,
        maximumOddsRatio: Double = 3
    ) {
        self.enabled = enabled
        self.horizon = horizon
        self.margin = margin
        self.maximumOddsRatio = maximumOddsRatio
    }

    /// The threshold for a series whose detector alerts at `base` and whose false positives scored
    /// up to `falsePositiveScore`, and whether the cap held it down. Never below `base`.
    public func threshold(base: Double, falsePositiveScore: Double) -> (threshold: Double, capped: Bool) {
        let wanted = Self.threshold(odds: Self.odds(falsePositiveScore) * max(margin, 1))
        let cap = Self.threshold(odds: Self.odds(base) * max(maximumOddsRatio, 1))
        guard wanted > base else { return (base, false) }
        return wanted > cap ? (max(cap, base), true) : (wanted, false)
    }

    static func odds(_ score: Double) -> Double {
        let s = min(max(score.isFinite ? score : 0, 0), 0.999)
        return s / (1 - s)
    }

    static func threshold(odds: Double) -> Double { odds / (1 + odds) }
}
