public import AIOpsCore
import Foundation

/// Finds the likely root cause of an anomaly in the instance's logs. Pure: it is given the log
/// events, fetches nothing, and returns the same analysis for the same input.
///
/// Both windows are mined with one Drain miner (baseline first, so a template has one id in
/// both). Each (template, severity) of the anomaly window is compared with its baseline count by
/// an exact test of two Poisson rates: `new` when absent from the baseline, `surging` when its
/// rate rose significantly and by at least `minimumSurgeRatio`, else `steady`. Findings are
/// ranked by severity × surprise (−log10 p). Only new or surging templates at error level or
/// worse whose excess also holds against the other log lines (so errors that merely follow a
/// traffic surge do not count) set `hasErrorEvidence`; errors already present at the same rate in
/// the baseline are background noise.
public struct RootCauseAnalyzer: Sendable {
    public var configuration: RootCauseConfiguration

    public init(configuration: RootCauseConfiguration = RootCauseConfiguration()) {
        self.configuration = configuration
    }

    /// Analyses events fetched over `windows.fetchRange` (or any superset): they are split into
    /// the anomaly window, the baseline window, and the rest, which is ignored.
    public func analyze(anomaly: Anomaly, instanceName: String?, events: [LogEvent], windows: AnalysisWindows? = nil)
        -> Analysis
    {
        let windows = windows ?? configuration.windows(around: anomaly.timestamp)
        var current: [LogEvent] = []
        var baseline: [LogEvent] = []
        for event in events {
            if windows.anomaly.contains(event.timestamp) {
                current.append(event)
            } else if windows.baseline.contains(event.timestamp) {
                baseline.append(event)
            }
        }
        return analyze(
            anomaly: anomaly, instanceName: instanceName, current: current, baseline: baseline, windows: windows)
    }

    /// Analyses the events of the anomaly window (`current`) against those of the baseline window.
    public func analyze(
        anomaly: Anomaly, instanceName: String?, current: [LogEvent], baseline: [LogEvent],
        windows: AnalysisWindows? = nil
    ) -> Analysis {
        let windows = windows ?? configuration.windows(around: anomaly.timestamp)
        let tally = TemplateTally.count(
            current: current, baseline: baseline, miner: configuration.miner,
            maxExamples: min(max(configuration.maxExamples, 1), 3), window: windows.anomaly)
        let scored = tally.entries.map { score($0, tally: tally, windows: windows) }
        var findings = select(CascadeGrouping.group(scored))
        // The values the leading templates' variables took: often the real clue (which pool, which timeout).
        for index in findings.indices {
            let lines = findings[index].lines.lazy.map { TimestampPrefix.strip(current[$0].message) }
            findings[index].finding.values = TemplateValues.count(lines, template: findings[index].finding.template)
        }
        let evidence = scored.contains { $0.isErrorEvidence }
        let summary = AnalysisSummary.text(
            anomaly: anomaly, instanceName: instanceName, findings: findings, hasErrorEvidence: evidence,
            linesInWindow: current.count)
        return Analysis(
            findings: findings.map(\.finding), summary: summary, hasErrorEvidence: evidence,
            linesExamined: current.count + baseline.count)
    }

    /// A finding with what decided its place.
    struct Scored {
        var finding: Finding
        var pValue: Double
        var isErrorEvidence: Bool
        /// Its lines per bucket of the anomaly window, the position of its first line, and the
        /// indices of its lines (see `TemplateTally.Entry`).
        var series: [Int] = []
        var firstIndex = Int.max
        var lines: [Int] = []
    }

    private func score(_ entry: TemplateTally.Entry, tally: TemplateTally, windows: AnalysisWindows) -> Scored {
        let current = entry.count
        let baseline = entry.baselineCount
        let anomalySeconds = max(windows.anomaly.duration, 1)
        let baselineSeconds = windows.baseline.duration
        let timeShare = baselineSeconds > 0 ? anomalySeconds / (anomalySeconds + baselineSeconds) : 1
        let restCurrent = tally.currentLines - current
        let restBaseline = tally.baselineLines - baseline
        let volumeShare =
            restCurrent > 0 && restBaseline > 0 ? Double(restCurrent) / Double(restCurrent + restBaseline) : timeShare
        // Whether the template's rate rose is told against time; whether it is evidence, also
        // against the other lines, so errors that merely follow a traffic surge are not.
        let pValue = SurgeTest.pValue(current: current, baseline: baseline, share: timeShare)
        let pAdjusted = SurgeTest.pValue(current: current, baseline: baseline, share: max(timeShare, volumeShare))
        let significant = pValue < configuration.significance
        // The baseline count as expected in the anomaly window.
        let expected = timeShare < 1 ? Double(baseline) * timeShare / (1 - timeShare) : Double(baseline)
        let novelty: Finding.Novelty
        if baseline == 0 {
            novelty = .new
        } else if significant, Double(current) >= configuration.minimumSurgeRatio * expected {
            novelty = .surging
        } else {
            novelty = .steady
        }
        let surprise = min(-log10(max(pValue, 1e-300)), 300)
        let rank = novelty == .steady ? 0 : Self.weight(entry.level) * surprise * (novelty == .new ? 1.5 : 1)
        let finding = Finding(
            templateID: entry.templateID, template: entry.template, level: entry.level, count: current,
            baselineRate: baselineSeconds > 0 ? Double(baseline) * anomalySeconds / baselineSeconds : 0,
            novelty: novelty, firstSeen: entry.firstSeen, examples: entry.examples, rank: rank)
        let evidence =
            entry.level >= .error && novelty != .steady && significant && pAdjusted < configuration.significance
        return Scored(
            finding: finding, pValue: pValue, isErrorEvidence: evidence, series: entry.series,
            firstIndex: entry.firstIndex, lines: entry.lines)
    }

    /// New and surging findings by rank, then steady ones at warning level or worse for context.
    private func select(_ scored: [Scored]) -> [Scored] {
        let limit = max(configuration.maxFindings, 0)
        let changed = scored.filter { $0.finding.novelty != .steady }.sorted(by: Self.byRank)
        var chosen = Array(changed.prefix(limit))
        if configuration.includeSteadyContext, chosen.count < limit {
            let context = scored.filter { $0.finding.novelty == .steady && $0.finding.level >= .warn }
                .sorted { ($0.finding.level, $0.finding.count) > ($1.finding.level, $1.finding.count) }
            chosen += context.prefix(limit - chosen.count)
        }
        return chosen
    }

    /// Error evidence first, then by rank.
    private static func byRank(_ a: Scored, _ b: Scored) -> Bool {
        if a.isErrorEvidence != b.isErrorEvidence { return a.isErrorEvidence }
        if a.finding.rank != b.finding.rank { return a.finding.rank > b.finding.rank }
        if a.finding.count != b.finding.count { return a.finding.count > b.finding.count }
        return a.finding.templateID < b.finding.templateID
    }

    /// How much a severity weighs in the rank.
    static func weight(_ level: LogLevel) -> Double {
        switch level {
        case .debug: 0.25
        case .info: 1
        case .warn: 2
        case .error: 4
        case .fatal: 6
        }
    }
}
