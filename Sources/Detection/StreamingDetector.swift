public import AIOpsCore

/// What a detector says about one point.
public struct DetectorOutput: Sendable, Hashable {
    /// In [0, 1]; higher is more anomalous.
    public var score: Double
    /// True when `score` is at or above the detector's (possibly feedback-adjusted) threshold.
    public var isAnomaly: Bool
    /// The range the detector expected the value in, when it can say.
    public var expected: ClosedRange<Double>?
    /// The feature that drove the score, e.g. `value`, `deviation`, `rate_of_change`.
    public var drivingFeature: String?

    public init(score: Double, isAnomaly: Bool, expected: ClosedRange<Double>? = nil, drivingFeature: String? = nil) {
        self.score = score
        self.isAnomaly = isAnomaly
        self.expected = expected
        self.drivingFeature = drivingFeature
    }
}

/// A detector that learns from history, keeps its own state and scores each new point in time
/// order. The agent, the evaluation harness and the backtest all drive detectors through this.
/// A point's output may depend only on that point and earlier ones.
public protocol StreamingDetector: Sendable {
    /// The detector's name, e.g. `seed` or `default`.
    var name: String { get }
    /// Scores `point` (given everything observed before it), then learns from it.
    mutating func observe(_ point: MetricPoint) -> DetectorOutput
    /// Scores `point` as `observe(_:)` does, but judges it (and draws the expected range) against
    /// `threshold` instead of the detector's own: how people's feedback raises one series'
    /// threshold without retraining or replacing its detector.
    mutating func observe(_ point: MetricPoint, threshold: Double) -> DetectorOutput
    /// How many of a series' latest points rebuild this detector's state: a fresh detector that
    /// observes them is (up to rounding) the one that never stopped. 0 when its state does not
    /// come from the series (a trained model).
    var horizon: Int { get }
    /// The score at and above which `observe(_:)` sets `isAnomaly`: what feedback raises, and what
    /// an anomaly reports it was judged against.
    var threshold: Double { get }
}

extension StreamingDetector {
    /// A detector learns nothing from the series unless it says otherwise.
    public var horizon: Int { 0 }

    /// A detector that does not say judges against 0.5, the middle of the score range.
    public var threshold: Double { 0.5 }

    /// Judges the score against `threshold`; the expected range stays the detector's own.
    public mutating func observe(_ point: MetricPoint, threshold: Double) -> DetectorOutput {
        var output = observe(point)
        output.isAnomaly = output.score >= threshold
        return output
    }
}
