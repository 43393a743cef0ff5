public import Foundation

/// Severity of a log line, as classified from its text.
public enum LogLevel: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case debug, info, warn, error, fatal

    private var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warn: 2
        case .error: 3
        case .fatal: 4
        }
    }
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}

/// One piece of root-cause evidence: a log template that is new or surging around an anomaly.
public struct Finding: Sendable, Codable, Hashable {
    public enum Novelty: String, Sendable, Codable, Hashable {
        /// Never seen in the baseline window.
        case new
        /// Seen before, but far more often now.
        case surging
        /// Present at the usual rate; listed only for context.
        case steady
    }

    public var templateID: String
    public var template: String
    public var level: LogLevel
    /// Occurrences in the anomaly window.
    public var count: Int
    /// Occurrences in the baseline window (scaled to the anomaly window's length).
    public var baselineRate: Double
    public var novelty: Novelty
    public var firstSeen: Date
    /// Real log lines, verbatim (attacker-controlled text: escape when shown).
    public var examples: [String]
    /// How strongly this template points at the cause; findings are sorted by it.
    public var rank: Double

    public init(
        templateID: String, template: String, level: LogLevel, count: Int, baselineRate: Double,
        novelty: Novelty, firstSeen: Date, examples: [String], rank: Double
    ) {
        self.templateID = templateID
        self.template = template
        self.level = level
        self.count = count
        self.baselineRate = baselineRate
        self.novelty = novelty
        self.firstSeen = firstSeen
        self.examples = examples
        self.rank = rank
    }
}

/// The result of root-cause analysis for one anomaly.
public struct Analysis: Sendable, Codable, Hashable {
    public var findings: [Finding]
    /// One line a person can act on.
    public var summary: String
    /// True when error-level (or worse) evidence is new or surging.
    public var hasErrorEvidence: Bool
    /// Log lines looked at in the anomaly and baseline windows.
    public var linesExamined: Int

    public init(findings: [Finding], summary: String, hasErrorEvidence: Bool, linesExamined: Int) {
        self.findings = findings
        self.summary = summary
        self.hasErrorEvidence = hasErrorEvidence
        self.linesExamined = linesExamined
    }
}
