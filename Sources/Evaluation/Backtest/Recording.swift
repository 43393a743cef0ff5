public import AIOpsCore
import Detection
public import Foundation

/// Recorded history to replay: metrics (one CSV per instance and metric) and logs (one text file
/// per instance), loaded once. See `docs/backtest.md` for the layout.
public struct Recording: Sendable {
    /// One (instance, metric) series of the recording.
    public struct SeriesKey: Sendable, Hashable, Comparable {
        public var instanceID: String
        public var metric: MetricName
        public static func < (a: SeriesKey, b: SeriesKey) -> Bool {
            (a.instanceID, a.metric.rawValue) < (b.instanceID, b.metric.rawValue)
        }
    }

    /// Each series' points, oldest first.
    public var series: [SeriesKey: [MetricPoint]]
    /// Each instance's log lines, oldest first.
    public var logs: [String: [LogEvent]]

    public init(series: [SeriesKey: [MetricPoint]], logs: [String: [LogEvent]]) {
        self.series = series
        self.logs = logs
    }

    /// Every instance with metrics or logs, sorted.
    public var instanceIDs: [String] { Set(series.keys.map(\.instanceID)).union(logs.keys).sorted() }
    /// Every metric recorded for some instance, sorted.
    public var metrics: [MetricName] { Set(series.keys.map(\.metric)).sorted() }
    /// The earliest and latest datapoint times.
    public var span: ClosedRange<Date>? {
        let times = series.values.flatMap { [$0.first?.timestamp, $0.last?.timestamp] }.compactMap { $0 }
        guard let first = times.min(), let last = times.max() else { return nil }
        return first...last
    }

    /// The most common spacing of the datapoints, in whole seconds (the CloudWatch period).
    public var inferredPeriod: Int? {
        var counts: [Int: Int] = [:]
        for points in series.values {
            for (a, b) in zip(points, points.dropFirst()) {
                let step = Int((b.timestamp.timeIntervalSince(a.timestamp)).rounded())
                if step > 0 { counts[step, default: 0] += 1 }
            }
        }
        return counts.max { ($0.value, -$0.key) < ($1.value, -$1.key) }?.key
    }

    /// Loads `metrics` (a folder of `<instance-id>/<Metric>.csv` or `<instance-id>_<Metric>.csv`
    /// files) and, when given, `logs` (a folder of `<instance-id>.<ext>` text files).
    public static func load(metrics: URL, logs: URL?) throws(EvaluationError) -> Recording {
        var series: [SeriesKey: [MetricPoint]] = [:]
        for (key, url) in try metricFiles(in: metrics) {
            let table: MetricTable
            do {
                table = try MetricCSV.read(contentsOf: url, columns: ["value"], displayName: url.path)
            } catch {
                // The message already says it all (file, line, column); the description would repeat it.
                throw EvaluationError(.badCSV, error.message)
            }
            guard series[key] == nil else {
                throw EvaluationError(
                    .badRecording,
                    "\(key.instanceID) \(key.metric) is recorded twice under \(metrics.path) (use one layout per series)"
                )
            }
            series[key] = (0..<table.rowCount).map {
                MetricPoint(timestamp: table.timestamps[$0], value: table.values[$0, 0])
            }.sorted { $0.timestamp < $1.timestamp }
        }
        guard !series.isEmpty else {
            throw EvaluationError(
                .badRecording,
                "no metric CSV under \(metrics.path): expected <instance-id>/<Metric>.csv or <instance-id>_<Metric>.csv"
            )
        }
        var events: [String: [LogEvent]] = [:]
        if let logs {
            for (instanceID, url) in try logFiles(in: logs) {
                events[instanceID] = try LogFile.read(url, instanceID: instanceID)
            }
        }
        return Recording(series: series, logs: events)
    }

    private static func metricFiles(in folder: URL) throws(EvaluationError) -> [(SeriesKey, URL)] {
        var found: [(SeriesKey, URL)] = []
        for entry in try listing(folder, what: "metrics") {
            if entry.isDirectory {
                for file in try listing(entry.url, what: "metrics") where !file.isDirectory {
                    guard file.url.pathExtension.lowercased() == "csv" else { continue }
                    let metric = file.url.deletingPathExtension().lastPathComponent
                    found.append((SeriesKey(instanceID: entry.name, metric: MetricName(metric)), file.url))
                }
            } else if entry.url.pathExtension.lowercased() == "csv" {
                // `<instance-id>_<Metric>.csv`: EC2 ids hold no `_`, metric names may.
                let stem = entry.url.deletingPathExtension().lastPathComponent
                guard let cut = stem.firstIndex(of: "_"), cut != stem.startIndex,
                    stem.index(after: cut) != stem.endIndex
                else {
                    throw EvaluationError(
                        .badRecording,
                        "\(entry.url.path): a metric file directly under the folder is named <instance-id>_<Metric>.csv"
                    )
                }
                let key = SeriesKey(
                    instanceID: String(stem[..<cut]), metric: MetricName(String(stem[stem.index(after: cut)...])))
                found.append((key, entry.url))
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }

    private static func logFiles(in folder: URL) throws(EvaluationError) -> [(String, URL)] {
        try listing(folder, what: "logs").filter { !$0.isDirectory }.map {
            ($0.url.deletingPathExtension().lastPathComponent, $0.url)
        }.sorted { $0.0 < $1.0 }
    }

    private struct Entry {
        var name: String
        var url: URL
        var isDirectory: Bool
    }

    /// The visible entries of `folder`, or a clear error when it is missing.
    private static func listing(_ folder: URL, what: String) throws(EvaluationError) -> [Entry] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            throw EvaluationError(.missingFile, "the \(what) folder \(folder.path) does not exist or is not a folder")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw EvaluationError(.ioFailure, "cannot list \(folder.path)", underlying: error)
        }
        return names.filter { !$0.hasPrefix(".") }.sorted().map { name in
            let url = folder.appendingPathComponent(name)
            var directory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &directory)
            return Entry(name: name, url: url, isDirectory: exists && directory.boolValue)
        }
    }
}
