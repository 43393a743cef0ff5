public import AIOpsCore

/// The seed project's detector: an Isolation Forest on the raw metric value, trained on the first
/// points of the history (14 days of 5-minute points by default), with the training range as the
/// expected band. Until it has seen enough points it learns and reports nothing anomalous.
/// Issue 7's detectors replace it; it stays as the baseline they are measured against.
public struct SeedDetector: StreamingDetector {
    public let name = "seed"
    public let trainingCount: Int
    public let parameters: IsolationForest.Parameters
    public let contamination: Contamination
    /// The trained model, once `trainingCount` points have been observed (or given up front).
    public private(set) var model: IsolationForestModel?
    private var history: [Double] = []

    /// A detector that trains on the first `trainingCount` points it observes (at least 2).
    public init(
        trainingCount: Int = 4032, parameters: IsolationForest.Parameters = .init(),
        contamination: Contamination = .auto
    ) {
        self.trainingCount = max(2, trainingCount)
        self.parameters = parameters
        self.contamination = contamination
        history.reserveCapacity(self.trainingCount)
    }

    /// A detector that uses an already trained one-feature model (e.g. from `aiops train`).
    public init(model: IsolationForestModel) throws(DetectionError) {
        guard model.features.count == 1 else {
            throw DetectionError(
                .invalidInput, "the seed detector scores one value; the model has \(model.features.count) features")
        }
        trainingCount = model.training.rows
        parameters = model.parameters
        contamination = model.contamination
        self.model = model
    }

    /// Its training points while it has no model; none once trained (a cold one retrains on the
    /// latest points, the seed's design).
    public var horizon: Int { model == nil ? trainingCount : 0 }

    public mutating func observe(_ point: MetricPoint) -> DetectorOutput {
        guard let model else {
            learn(point.value)
            return DetectorOutput(score: 0, isAnomaly: false)
        }
        guard point.value.isFinite else {
            // A missing or corrupt datapoint is not evidence of an anomaly.
            return DetectorOutput(score: 0, isAnomaly: false, expected: band(model), drivingFeature: "value")
        }
        var value = point.value
        let score = withUnsafePointer(to: &value) { model.forest.score(unchecked: $0) }
        return DetectorOutput(
            score: score, isAnomaly: model.isAnomaly(score: score), expected: band(model), drivingFeature: "value")
    }

    private mutating func learn(_ value: Double) {
        guard value.isFinite else { return }
        history.append(value)
        guard history.count >= trainingCount else { return }
        // A one-column matrix of finite values with enough rows always trains; fall back to
        // learning on if the parameters are invalid rather than crash.
        if let matrix = try? FeatureMatrix(column: history),
            let trained = try? IsolationForestModel.train(
                matrix, features: ["value"], parameters: parameters, contamination: contamination, threads: 1)
        {
            model = trained
            history = []
        }
    }

    private func band(_ model: IsolationForestModel) -> ClosedRange<Double>? {
        guard let feature = model.training.features.first else { return nil }
        return feature.min...feature.max
    }
}
