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

    public var features: [Feature] = [.value, .deviation, .rateOfChange, .seasonal, .spread]
    /// Points seen before any score is emitted (the history the features are judged against).
    public var warmup: Int = 150
    /// How many past values of each feature its distribution is estimated from (≈ 7 days at 5 min).
    public var historyCapacity: Int = 8000
    public var medianWindow: Int = 24
    public var spreadWindow: Int = 12
    /// Raw z-scores are mapped into [0, 1) by z / (z + scale): monotone, never saturating, so the
    /// scores of different series stay comparable and do not tie at 1.
    public var scale: Double = 1
    /// Raw values kept for the seasonal and rolling features: a day of 1-minute data.
    public var valueCapacity: Int = 1500
    /// The smallest reach, as a fraction of the median's size (or the IQR): keeps a flat history
    /// from turning a rounding error into an alarm.
    public var relativeFloor: Double = 0.01
    /// Points after an alert during which a point must beat the previous peak to score in full
    /// (one alert per episode instead of a run of them).
    public var refractory: Int = 12
    /// What a point that does not beat the recent peak keeps of its score.
    public var damping: Double = 0.5

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case features, warmup, historyCapacity, medianWindow, spreadWindow, scale, valueCapacity, relativeFloor,
            refractory, damping
    }

    /// Missing keys take their defaults, so older model files and partial experiment files load.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AdaptiveConfiguration()
        features = try container.decodeIfPresent([Feature].self, forKey: .features) ?? defaults.features
        warmup = try container.decodeIfPresent(Int.self, forKey: .warmup) ?? defaults.warmup
        historyCapacity = try container.decodeIfPresent(Int.self, forKey: .historyCapacity) ?? defaults.historyCapacity
        medianWindow = try container.decodeIfPresent(Int.self, forKey: .medianWindow) ?? defaults.medianWindow
        spreadWindow = try container.decodeIfPresent(Int.self, forKey: .spreadWindow) ?? defaults.spreadWindow
        scale = try container.decodeIfPresent(Double.self, forKey: .scale) ?? defaults.scale
        valueCapacity = try container.decodeIfPresent(Int.self, forKey: .valueCapacity) ?? defaults.valueCapacity
        relativeFloor = try container.decodeIfPresent(Double.self, forKey: .relativeFloor) ?? defaults.relativeFloor
        refractory = try container.decodeIfPresent(Int.self, forKey: .refractory) ?? defaults.refractory
        damping = try container.decodeIfPresent(Double.self, forKey: .damping) ?? defaults.damping
        if let problem = problem {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: problem))
        }
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
        return nil
    }
}
