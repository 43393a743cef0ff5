public import Foundation

/// The settings of root-cause analysis, with defaults that suit EC2 application and system logs.
public struct RootCauseConfiguration: Sendable, Hashable {
    /// How far the anomaly window reaches before the anomaly (default 15 minutes).
    public var before: TimeInterval
    /// How far the anomaly window reaches after the anomaly (default 5 minutes).
    public var after: TimeInterval
    /// The length of the baseline window, which ends where the anomaly window starts (default 1 hour).
    public var baselineLength: TimeInterval
    /// Most findings returned (default 5).
    public var maxFindings: Int
    /// Example lines per finding, 1 to 3 (default 3).
    public var maxExamples: Int
    /// The p-value under which a template's excess over its baseline counts as real (default 0.01).
    public var significance: Double
    /// The least ratio of a template's count to its expected count for it to be `surging` (default 3).
    public var minimumSurgeRatio: Double
    /// Whether steady templates at warning level or worse fill the findings left over, for context.
    public var includeSteadyContext: Bool
    /// The template miner's settings.
    public var miner: MinerConfiguration

    public init(
        before: TimeInterval = 15 * 60, after: TimeInterval = 5 * 60, baselineLength: TimeInterval = 60 * 60,
        maxFindings: Int = 5, maxExamples: Int = 3, significance: Double = 0.01, minimumSurgeRatio: Double = 3,
        includeSteadyContext: Bool = true, miner: MinerConfiguration = MinerConfiguration()
    ) {
        self.before = before
        self.after = after
        self.baselineLength = baselineLength
        self.maxFindings = maxFindings
        self.maxExamples = maxExamples
        self.significance = significance
        self.minimumSurgeRatio = minimumSurgeRatio
        self.includeSteadyContext = includeSteadyContext
        self.miner = miner
    }

    /// The windows to fetch and compare for an anomaly at `time`.
    public func windows(around time: Date) -> AnalysisWindows {
        let anomalyStart = time.addingTimeInterval(-max(before, 0))
        let anomaly = DateInterval(start: anomalyStart, end: time.addingTimeInterval(max(after, 0)))
        let baseline = DateInterval(start: anomalyStart.addingTimeInterval(-max(baselineLength, 0)), end: anomalyStart)
        return AnalysisWindows(anomaly: anomaly, baseline: baseline)
    }
}

/// The two windows of root-cause analysis: around the anomaly, and the baseline just before it.
public struct AnalysisWindows: Sendable, Hashable {
    public var anomaly: DateInterval
    public var baseline: DateInterval

    public init(anomaly: DateInterval, baseline: DateInterval) {
        self.anomaly = anomaly
        self.baseline = baseline
    }

    /// Everything to fetch in one query: from the baseline's start to the anomaly window's end.
    public var fetchRange: DateInterval {
        DateInterval(start: min(baseline.start, anomaly.start), end: max(baseline.end, anomaly.end))
    }
}
