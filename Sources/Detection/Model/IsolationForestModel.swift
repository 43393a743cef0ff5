public import Foundation

/// A trained Isolation Forest with everything needed to use it later: feature names, training
/// parameters, the anomaly threshold and a summary of the training data. Stored as a versioned
/// JSON model file (see `docs/model-file.md`).
public struct IsolationForestModel: Sendable {
    /// The `kind` of a plain Isolation Forest model file.
    public static let isolationForestKind = "isolation-forest"
    /// The `kind` of the seed detector's model: a forest on the metric's value alone.
    public static let seedKind = "seed"
    /// The kinds whose file holds a forest this type reads.
    public static let forestKinds = [isolationForestKind, seedKind]

    /// What reads this file: `isolation-forest` (a forest over named columns) or `seed` (the
    /// seed detector's forest on the value). Streaming detectors have their own kinds (see
    /// `DetectorModel`).
    public var kind: String
    /// The feature (CSV column) names, in the forest's column order.
    public var features: [String]
    public var parameters: IsolationForest.Parameters
    public var contamination: Contamination
    /// A point is anomalous when its score is above this.
    public var threshold: Double
    public var training: TrainingSummary
    public var forest: IsolationForest
    /// A detector's own section, kept as JSON; nil for a plain forest.
    public var detector: JSONValue?

    public init(
        kind: String = isolationForestKind, features: [String], parameters: IsolationForest.Parameters,
        contamination: Contamination, threshold: Double, training: TrainingSummary, forest: IsolationForest,
        detector: JSONValue? = nil
    ) {
        self.kind = kind
        self.features = features
        self.parameters = parameters
        self.contamination = contamination
        self.threshold = threshold
        self.training = training
        self.forest = forest
        self.detector = detector
    }

    /// Trains on every numeric column of `table`.
    public static func train(
        _ table: MetricTable, parameters: IsolationForest.Parameters = .init(), contamination: Contamination = .auto,
        threads: Int = IsolationForest.defaultThreadCount
    ) throws(DetectionError) -> IsolationForestModel {
        try train(
            table.values, features: table.columns, timestamps: table.timestamps, parameters: parameters,
            contamination: contamination, threads: threads)
    }

    /// Trains on `matrix`, whose columns are named `features`.
    public static func train(
        _ matrix: FeatureMatrix, features: [String], timestamps: [Date] = [],
        parameters: IsolationForest.Parameters = .init(), contamination: Contamination = .auto,
        threads: Int = IsolationForest.defaultThreadCount
    ) throws(DetectionError) -> IsolationForestModel {
        guard features.count == matrix.columnCount else {
            throw DetectionError(
                .invalidInput, "\(features.count) feature names for \(matrix.columnCount) columns")
        }
        let forest = try IsolationForest.train(matrix, parameters: parameters, threads: threads)
        let threshold: Double
        switch contamination {
        case .auto:
            threshold = 0.5
        case .fraction(let fraction):
            let scores = try forest.scores(matrix, threads: threads)
            threshold = quantile(scores, 1 - fraction)
        }
        return IsolationForestModel(
            features: features, parameters: parameters, contamination: contamination, threshold: threshold,
            training: TrainingSummary(matrix: matrix, names: features, timestamps: timestamps), forest: forest)
    }

    /// s(x) of every row; `matrix` has the model's features in the model's order.
    public func scores(_ matrix: FeatureMatrix, threads: Int = IsolationForest.defaultThreadCount)
        throws(DetectionError) -> [Double]
    {
        try forest.scores(matrix, threads: threads)
    }

    /// Whether `score` marks an anomaly: strictly above the threshold, as scikit-learn's `predict`.
    public func isAnomaly(score: Double) -> Bool { score > threshold }
}

/// The `q` quantile of `values` with linear interpolation between order statistics (numpy's
/// default `percentile`), which is what scikit-learn's contamination offset uses.
func quantile(_ values: [Double], _ q: Double) -> Double {
    let sorted = values.sorted()
    guard let first = sorted.first else { return .nan }
    let position = q * Double(sorted.count - 1)
    let lower = Int(position.rounded(.down))
    let upper = min(lower + 1, sorted.count - 1)
    let weight = position - Double(lower)
    return lower < 0 ? first : sorted[lower] + (sorted[upper] - sorted[lower]) * weight
}
