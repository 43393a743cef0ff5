public import AIOpsCore
public import Foundation
public import LogAnalysis

/// LogAnalysis's Drain-based analyzer as the pipeline's root-cause stage.
extension RootCauseAnalyzer: RootCauseAnalyzing {
    public func windows(around time: Date) -> LogWindows {
        let windows = configuration.windows(around: time)
        return LogWindows(anomaly: windows.anomaly, baseline: windows.baseline)
    }

    public func analyze(
        anomaly: Anomaly, instance: Instance, window: [LogEvent], baseline: [LogEvent], windows: LogWindows
    ) -> Analysis {
        analyze(
            anomaly: anomaly, instanceName: instance.name, current: window, baseline: baseline,
            windows: AnalysisWindows(anomaly: windows.anomaly, baseline: windows.baseline))
    }
}

/// Tells a log line's level from its text; the recovery check counts error-level lines with it.
public protocol LogLevelClassifying: Sendable {
    func level(of message: String) -> LogLevel
}

/// LogAnalysis's severity classifier, the same one root-cause analysis uses.
public struct SeverityLevelClassifier: LogLevelClassifying {
    public init() {}
    public func level(of message: String) -> LogLevel { SeverityClassifier.level(of: message) }
}
