/// The parameters of `AdaptiveDetector`; saved with its state in the model file. The defaults are
/// what `default` runs with (docs/detection-quality.md says what each bought on NAB).
public struct AdaptiveConfiguration: Sendable, Codable, Hashable {
    /// The features the detector looks at.
    public enum Feature: String, Sendable, Codable, Hashable, CaseIterable {
        /// The raw value against the values seen (what the seed's Isolation Forest looks at).
        case value
        /// Distance from the median of the last `medianWindow` points.
        case deviation
        /// Change from the previous point.
        case rateOfChange = "rate_of_change"
        /// Distance from the usual value at this time of day: the median, over the last
        /// `seasonalDays` days, of the values within `seasonalRadius` points of this time.
        case seasonal
        /// Standard deviation of the last `spreadWindow` points: catches a series going wild (and,
        /// with `flatSpreadAlerts`, flat).
        case spread
    }

    public var features: [Feature] = [.value, .deviation, .rateOfChange, .seasonal, .spread]
    /// Points seen before any score is emitted (the history the features are judged against).
    public var warmup: Int = 150
    /// How many past values of each feature its distribution is estimated from (≈ 4 weeks at 5 min).
    public var historyCapacity: Int = 8000
    public var medianWindow: Int = 12
    public var spreadWindow: Int = 12
    /// Raw z-scores are mapped into [0, 1) by z / (z + scale): monotone, never saturating, so the
    /// scores of different series stay comparable and do not tie at 1.
    public var scale: Double = 1
    /// Raw values kept for the seasonal and rolling features: a week of 5-minute data.
    public var valueCapacity: Int = 2100
    /// The smallest reach, as a fraction of the median's size (or the IQR): keeps a flat history
    /// from turning a rounding error into an alarm.
    public var relativeFloor: Double = 0.01
    /// Points after an alert during which a point must beat the previous peak to score in full
    /// (one alert per episode instead of a run of them).
    public var refractory: Int = 24
    /// What a point that does not beat the recent peak keeps of its score.
    public var damping: Double = 0.5
    /// Days the seasonal baseline looks back over (their median: one odd day is not the norm).
    public var seasonalDays: Int = 7
    /// Points either side of the same time of day that the seasonal baseline takes the median of.
    public var seasonalRadius: Int = 1
    /// Whether a spread below anything seen (a series going flat) counts as novel.
    public var flatSpreadAlerts: Bool = false
    /// Whether a point back at the usual level for this time, after an excursion, is judged by its
    /// deviation (or change) too. Off: when the value's seasonal novelty is below
    /// `seasonalReturnWithin` of the threshold's and its rolling median's (or previous point's) is
    /// at least `seasonalReturnFrom` of it, the deviation (or change) is the way back from the
    /// excursion, not a new anomaly.
    public var seasonalReturnAlerts: Bool = false
    /// How close to the usual level a value must be to count as back (a fraction of the novelty the
    /// threshold stands for).
    public var seasonalReturnWithin: Double = 0.3
    /// How far from the usual level the baseline must have been to count as an excursion.
    public var seasonalReturnFrom: Double = 0.6

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case features, warmup, historyCapacity, medianWindow, spreadWindow, scale, valueCapacity, relativeFloor,
            refractory, damping, seasonalDays, seasonalRadius, flatSpreadAlerts, seasonalReturnAlerts,
            seasonalReturnWithin, seasonalReturnFrom
    }

    /// Missing keys take their defaults, so partial experiment files load; invalid values fail
    /// with the reason.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var c = AdaptiveConfiguration()
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            value = try container.decodeIfPresent(T.self, forKey: key) ?? value
        }
        try read(.features, &c.features)
        try read(.warmup, &c.warmup)
        try read(.historyCapacity, &c.historyCapacity)
        try read(.medianWindow, &c.medianWindow)
        try read(.spreadWindow, &c.spreadWindow)
        try read(.scale, &c.scale)
        try read(.valueCapacity, &c.valueCapacity)
        try read(.relativeFloor, &c.relativeFloor)
        try read(.refractory, &c.refractory)
        try read(.damping, &c.damping)
        try read(.seasonalDays, &c.seasonalDays)
        try read(.seasonalRadius, &c.seasonalRadius)
        try read(.flatSpreadAlerts, &c.flatSpreadAlerts)
        try read(.seasonalReturnAlerts, &c.seasonalReturnAlerts)
        try read(.seasonalReturnWithin, &c.seasonalReturnWithin)
        try read(.seasonalReturnFrom, &c.seasonalReturnFrom)
        if let problem = c.problem {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
        self = c
    }

    /// What is wrong with these parameters, or nil when a detector can run on them.
    public var problem: String? {
        if features.isEmpty { return "'features' is empty" }
        if Set(features).count != features.count { return "'features' names a feature twice" }
        if warmup < 0 { return "'warmup' is \(warmup); it cannot be negative" }
        if historyCapacity < 10 { return "'historyCapacity' is \(historyCapacity); it must be at least 10" }
        if medianWindow < 1 { return "'medianWindow' is \(medianWindow); it must be at least 1" }
        if spreadWindow < 2 { return "'spreadWindow' is \(spreadWindow); it must be at least 2" }
        if !(scale.isFinite && scale > 0) { return "'scale' is \(scale); it must be a positive number" }
        if valueCapacity < 2 { return "'valueCapacity' is \(valueCapacity); it must be at least 2" }
        if !(relativeFloor.isFinite && relativeFloor >= 0) { return "'relativeFloor' must be a number ≥ 0" }
        if refractory < 0 { return "'refractory' is \(refractory); it cannot be negative" }
        if !(0...1).contains(damping) { return "'damping' is \(damping); it must lie in [0, 1]" }
        if !(1...28).contains(seasonalDays) { return "'seasonalDays' is \(seasonalDays); it must lie in 1...28" }
        if !(0...12).contains(seasonalRadius) {
            return "'seasonalRadius' is \(seasonalRadius); it must lie in 0...12"
        }
        if !(seasonalReturnWithin.isFinite && seasonalReturnWithin >= 0) {
            return "'seasonalReturnWithin' must be a number ≥ 0"
        }
        if !(seasonalReturnFrom.isFinite && seasonalReturnFrom >= 0) {
            return "'seasonalReturnFrom' must be a number ≥ 0"
        }
        return nil
    }
}
