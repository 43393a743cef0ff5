public import AIOpsCore
public import Detection
public import Foundation

/// Trains the seed's model for each instance and metric from its history in any `MetricSource`
/// (the simulator, CloudWatch): an Isolation Forest on the metric's value, as `aiops train` does
/// from a CSV file, read back by `SeedDetector`.
public struct HistoryTrainer: Sendable {
    public var parameters: IsolationForest.Parameters
    public var contamination: Contamination
    /// Fewer points than this and the series is left without a model (the fleet model covers it).
    public var minimumPoints: Int

    public init(
        parameters: IsolationForest.Parameters = .init(), contamination: Contamination = .auto,
        minimumPoints: Int = 288
    ) {
        self.parameters = parameters
        self.contamination = contamination
        self.minimumPoints = minimumPoints
    }

    /// One model per instance and metric, trained on `[start, end)` fetched in one batched query.
    public func train(
        _ instances: [Instance], metrics: [MetricName], from source: any MetricSource, start: Date, end: Date,
        period: Int
    ) async throws -> [String: [MetricName: IsolationForestModel]] {
        let history = try await source.fetch(
            MetricQuery(instanceIDs: instances.map(\.id), metrics: metrics, start: start, end: end, period: period))
        var models: [String: [MetricName: IsolationForestModel]] = [:]
        for series in history {
            let points = series.points.filter { $0.value.isFinite }
            guard points.count >= minimumPoints else { continue }
            let matrix = try FeatureMatrix(column: points.map(\.value))
            models[series.instanceID, default: [:]][series.metric] = try IsolationForestModel.train(
                matrix, features: ["value"], timestamps: points.map(\.timestamp), parameters: parameters,
                contamination: contamination, threads: 1)
        }
        return models
    }
}
