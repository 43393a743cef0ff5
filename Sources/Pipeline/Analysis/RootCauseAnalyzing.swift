public import AIOpsCore
public import Foundation

/// The log windows looked at for one anomaly: around it, and a baseline before it.
public struct LogWindows: Sendable, Hashable {
    public var anomaly: DateInterval
    public var baseline: DateInterval

    public init(anomaly: DateInterval, baseline: DateInterval) {
        self.anomaly = anomaly
        self.baseline = baseline
    }

    /// `before`/`after` around `time`, and `baseline` of history ending where the anomaly window begins.
    public static func around(
        _ time: Date, before: TimeInterval = 15 * 60, after: TimeInterval = 5 * 60, baseline: TimeInterval = 3600
    ) -> LogWindows {
        let start = time.addingTimeInterval(-before)
        return LogWindows(
            anomaly: DateInterval(start: start, end: time.addingTimeInterval(after)),
            baseline: DateInterval(start: start.addingTimeInterval(-baseline), end: start))
    }
}

/// Root-cause analysis from logs: LogAnalysis's analyzer plugs in behind this.
public protocol RootCauseAnalyzing: Sendable {
    /// Which logs to fetch for an anomaly at `time`.
    func windows(around time: Date) -> LogWindows
    /// Ranks what is new or surging in `window` against `baseline` and says it in one line.
    /// `windows` are the intervals the lines were fetched from (the anomaly window cut at now).
    func analyze(
        anomaly: Anomaly, instance: Instance, window: [LogEvent], baseline: [LogEvent], windows: LogWindows
    ) async throws -> Analysis
}
