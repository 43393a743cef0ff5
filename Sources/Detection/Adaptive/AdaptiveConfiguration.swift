/// The parameters of `AdaptiveDetector`; saved with its state in the model file.
public struct AdaptiveConfiguration: Sendable, Codable, Hashable {
    /// The features the detector looks at.
    public enum Feature: String, Sendable, Codable, Hashable, CaseIterable {
        /// The raw value against the values seen (what the seed's Isolation Forest looks at).
        case value
        /// Distance from the median of the last `medianWindow` points.
        case deviation
        /// Change from the previous point.
        case rateOfChange = "rate_of_change"
        /// Distance from the value at the same time the day before.
        case seasonal
        /// Standard deviation of the last `spreadWindow` points: catches a series going flat or wild.
        case spread
    }

    public var features: [Feature] = [.deviation, .rateOfChange, .seasonal, .spread]
    /// Points seen before any score is emitted (the history the features are judged against).
    public var warmup: Int = 150
    /// How many past values of each feature its distribution is estimated from (≈ 7 days at 5 min).
    public var historyCapacity: Int = 2000
    public var medianWindow: Int = 12
    public var spreadWindow: Int = 12
    /// Raw z-scores are mapped into [0, 1) by z / (z + scale): monotone, never saturating, so the
    /// scores of different series stay comparable and do not tie at 1.
    public var scale: Double = 5
    /// Points after an alert during which a point must beat the previous peak to score in full
    /// (one alert per episode instead of a run of them).
    public var refractory: Int = 12
    /// What a point that does not beat the recent peak keeps of its score.
    public var damping: Double = 0.5
    /// Average the combined z over this many points before calibrating (1 = none).
    public var smoothing: Int = 1

    public init() {}
}
