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

    /// What the evidence is: a log template (the default), or a change made shortly before.
    public enum Kind: String, Sendable, Codable, Hashable {
        case log
        /// A deploy, configuration push or scaling event within the change horizon before the
        /// anomaly (`ChangeEvent`): `template` says what changed, `examples` where and when.
        case change
    }

    /// A log template's id, or a change's.
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
    /// Templates that started and moved together with this one in the anomaly window: one cause
    /// writes a cascade, and this finding is its earliest line. Empty for a finding on its own and
    /// for incidents stored before grouping existed.
    public var consequences: [Finding]
    /// The values the template's variables (`<*>`, in order) took in the anomaly window, most
    /// frequent first. Empty when not computed.
    public var values: [VariableValues]
    public var kind: Kind = .log

    /// The values one variable of a template took, with their counts.
    public struct VariableValues: Sendable, Codable, Hashable {
        /// The variable's place among the template's `<*>`, from 0.
        public var position: Int
        /// The most frequent values, most frequent first.
        public var top: [ValueCount]
        /// How many distinct values were seen (at least `top.count`).
        public var distinct: Int

        public init(position: Int, top: [ValueCount], distinct: Int) {
            self.position = position
            self.top = top
            self.distinct = distinct
        }
    }

    /// A value and how many lines held it.
    public struct ValueCount: Sendable, Codable, Hashable {
        public var value: String
        public var count: Int

        public init(value: String, count: Int) {
            self.value = value
            self.count = count
        }
    }

    public init(
        templateID: String, template: String, level: LogLevel, count: Int, baselineRate: Double,
        novelty: Novelty, firstSeen: Date, examples: [String], rank: Double, consequences: [Finding] = [],
        values: [VariableValues] = []
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
        self.consequences = consequences
        self.values = values
    }

    private enum CodingKeys: String, CodingKey {
        case templateID, template, level, count, baselineRate, novelty, firstSeen, examples, rank, consequences, values
        case kind
    }

    /// Decodes findings stored before `consequences`, `values` and `kind` existed as having none
    /// (and as log evidence).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        templateID = try c.decode(String.self, forKey: .templateID)
        template = try c.decode(String.self, forKey: .template)
        level = try c.decode(LogLevel.self, forKey: .level)
        count = try c.decode(Int.self, forKey: .count)
        baselineRate = try c.decode(Double.self, forKey: .baselineRate)
        novelty = try c.decode(Novelty.self, forKey: .novelty)
        firstSeen = try c.decode(Date.self, forKey: .firstSeen)
        examples = try c.decode([String].self, forKey: .examples)
        rank = try c.decode(Double.self, forKey: .rank)
        consequences = try c.decodeIfPresent([Finding].self, forKey: .consequences) ?? []
        values = try c.decodeIfPresent([VariableValues].self, forKey: .values) ?? []
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .log
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
