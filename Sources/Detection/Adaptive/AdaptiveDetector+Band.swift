extension AdaptiveDetector {
    /// How far a feature's history reached from its median on each side (never less than a floor:
    /// a flat history must not turn a rounding error into an alarm).
    struct Reach {
        var median: Double
        var up: Double
        var down: Double

        /// Nil while the history is too short to judge by.
        init?(_ history: FeatureHistory, relativeFloor: Double) {
            guard history.count >= 10, let median = history.median, let top = history.maximum,
                let bottom = history.minimum
            else { return nil }
            let iqr = (history.quantile(0.75) ?? median) - (history.quantile(0.25) ?? median)
            let floor = max(relativeFloor * max(abs(median), iqr), 1e-9)
            self.median = median
            up = max(top - median, floor)
            down = max(median - bottom, floor)
        }

        /// How far `f` lies from the median, in units of the history's reach on that side, and on
        /// which side: above 1 means beyond anything seen within the horizon. Relative to the
        /// series' own extremes, so a noisy series and a clean one score alike.
        func novelty(_ f: Double) -> (Double, above: Bool) {
            let distance = f - median
            if distance == 0 { return (0, true) }
            return (min(abs(distance) / (distance > 0 ? up : down), 1e6), distance > 0)
        }
    }

    /// The band the value can move in without alerting: for each feature that is the value less a
    /// baseline (the value itself, its deviation from the rolling median, its change, its seasonal
    /// residual), the values whose novelty stays within `allowed`, intersected. A point outside it
    /// alerts (unless damped after a recent alert); one inside can alert only on its spread.
    struct Band {
        let allowed: Double
        private var lower = -Double.infinity
        private var upper = Double.infinity
        /// The deviation's own band: drawn when the features contradict each other.
        private var deviation: ClosedRange<Double>?

        init(allowed: Double) { self.allowed = allowed }

        /// Narrows the band by a feature `f` of `value` whose history reaches `reach`.
        mutating func narrow(by reach: Reach, feature f: Double, value: Double, isDeviation: Bool) {
            // f = value − baseline, so the value's bounds are the feature's plus the baseline.
            let baseline = value - f
            let low = baseline + reach.median - allowed * reach.down
            let high = baseline + reach.median + allowed * reach.up
            if isDeviation { deviation = low...max(high, low) }
            lower = max(lower, low)
            upper = min(upper, high)
        }

        /// Nil when no feature had history yet.
        var range: ClosedRange<Double>? {
            if lower.isFinite, upper.isFinite, lower <= upper { return lower...upper }
            return deviation
        }
    }

    /// A value well within the seasonal expectation: the seasonal residual's reach and the value's
    /// residual.
    struct SeasonalNorm {
        var reach: Reach
        var residual: Double
        /// The seasonal novelty from which a baseline counts as an excursion.
        var departure: Double

        /// Whether the baseline of a feature `f` (the value less `f`: the rolling median, the
        /// previous value) lay away from the usual level: the value returns from an excursion.
        func isReturn(from f: Double) -> Bool {
            reach.novelty(residual - f).0 >= departure
        }
    }
}
