import AIOpsCore
import AWSAdapters
import AWSClient
import Detection
import Foundation

/// Training data from CloudWatch: one instance's metric over the last days, at 5-minute periods
/// (the seed's `train_model.py`), fetched through the same metric source the agent uses.
struct CloudWatchTrainingSource: TrainingDataSource {
    var instanceID: String
    var metric: MetricName
    var days: Int
    var source: any MetricSource
    var now: Date

    var label: String { "\(instanceID) \(metric) (CloudWatch, \(days) days)" }

    func load() async throws -> MetricTable {
        // A day per call, so the progress bar moves (14 small calls cost no more than one big
        // one: GetMetricData is billed per metric queried, fractions of a cent).
        let progress = ProgressReporter(label: "fetching \(instanceID) \(metric)")
        var byTime: [Date: MetricPoint] = [:]
        for day in 0..<days {
            let start = now.addingTimeInterval(-Double(days - day) * 86_400)
            let end = min(now, start.addingTimeInterval(86_400))
            let series = try await source.fetch(
                MetricQuery(instanceIDs: [instanceID], metrics: [metric], start: start, end: end, period: 300))
            for point in series.first?.points ?? [] { byTime[point.timestamp] = point }
            progress.update(done: day + 1, total: days, item: "day \(day + 1) of \(days), \(byTime.count) points")
        }
        progress.finish()
        let points = byTime.values.sorted { $0.timestamp < $1.timestamp }
        guard points.count >= 2 else {
            throw CLIError(
                "CloudWatch has \(points.count) datapoint(s) of \(metric) for \(instanceID) in the last \(days) days: "
                    + "nothing to train on (is the instance id right, and is the metric collected?)")
        }
        return try MetricTable(
            source: label, timestamps: points.map(\.timestamp),
            timestampTexts: points.map { ISO8601.string(from: $0.timestamp) },
            columns: [metric.rawValue], values: FeatureMatrix(column: points.map(\.value)))
    }
}

/// The training sources that need the adapters (the domain-only build has a stub that refuses).
enum AdapterTrainingSources {
    static func cloudWatch(instanceID: String, metric: String, days: Int) throws -> any TrainingDataSource {
        // The one place this command reads the environment.
        let executor = try AWSRequestExecutor.fromEnvironment(ProcessInfo.processInfo.environment)
        return CloudWatchTrainingSource(
            instanceID: instanceID, metric: MetricName(metric), days: days,
            source: CloudWatchMetricSource(cloudWatch: CloudWatchClient(executor: executor)), now: Date())
    }
}
