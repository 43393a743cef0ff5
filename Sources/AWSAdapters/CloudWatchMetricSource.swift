public import AIOpsCore
public import AWSClient
import Foundation

/// Metric series from CloudWatch: one `GetMetricData` query per (instance, metric), so a whole
/// fleet takes ⌈queries / 500⌉ calls.
public struct CloudWatchMetricSource: MetricSource {
    private let cloudWatch: any CloudWatchAPI
    private let statistic: String

    public init(cloudWatch: any CloudWatchAPI, statistic: String = "Average") {
        self.cloudWatch = cloudWatch
        self.statistic = statistic
    }

    /// The namespace a metric lives in: the CloudWatch agent's (`CWAgent`) for what it collects
    /// (memory, disk), `AWS/EC2` for the rest.
    static func namespace(of metric: MetricName) -> String {
        metric.rawValue.hasPrefix("mem_") || metric.rawValue.hasPrefix("disk_") || metric.rawValue.hasPrefix("swap_")
            ? "CWAgent" : "AWS/EC2"
    }

    public func fetch(_ query: MetricQuery) async throws -> [MetricSeries] {
        var pairs: [(instanceID: String, metric: MetricName)] = []
        for instanceID in query.instanceIDs {
            for metric in query.metrics { pairs.append((instanceID, metric)) }
        }
        let queries = pairs.enumerated().map { index, pair in
            MetricDataQuery(
                id: "m\(index)",
                metricStat: MetricStat(
                    metric: Metric(
                        namespace: Self.namespace(of: pair.metric), metricName: pair.metric.rawValue,
                        dimensions: [Dimension(name: "InstanceId", value: pair.instanceID)]),
                    period: query.period, stat: statistic))
        }
        guard !queries.isEmpty else { return [] }
        AIOpsMetrics.getMetricDataRequested(queries.count)
        let results = try await cloudWatch.getMetricData(queries, start: query.start, end: query.end)
        let byID = Dictionary(results.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return pairs.enumerated().map { index, pair in
            let result = byID["m\(index)"]
            let points = zip(result?.timestamps ?? [], result?.values ?? [])
                .filter { $0.1.isFinite }
                .map { MetricPoint(timestamp: $0.0, value: $0.1) }
                .sorted { $0.timestamp < $1.timestamp }
            return MetricSeries(instanceID: pair.instanceID, metric: pair.metric, points: points)
        }
    }
}
