public import Foundation

/// The CloudWatch metric calls the agent makes; a full SDK could stand behind it.
public protocol CloudWatchAPI: Sendable {
    /// Runs any number of queries over `start..<end`: batched 500 per call, every page followed,
    /// and the pages of each query merged into one result per id (in the order of `queries`).
    func getMetricData(_ queries: [MetricDataQuery], start: Date, end: Date) async throws -> [MetricDataResult]
    /// Sends datapoints, batched as the API allows.
    func putMetricData(namespace: String, _ data: [MetricDatum]) async throws
}
