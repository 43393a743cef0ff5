public import AIOpsCore
public import Foundation

/// What a backtest found: what the agent would have opened, alerted and done over the recording,
/// and, with labels, how that compares with what really went wrong. Written as `--report` JSON.
public struct BacktestReport: Sendable, Codable {
    public static let formatName = "aiops-backtest"
    public static let formatVersion = 1

    public struct Input: Sendable, Codable {
        public var detector: String
        /// Seconds between datapoints, and between the agent's cycles.
        public var period: Int
        public var instances: [String]
        public var metrics: [String]
        public var logLines: Int
        /// The recording's first and last datapoints.
        public var from: Date
        public var to: Date
        /// Where the replay began: the history before it only warmed the detectors up.
        public var replayFrom: Date
        public var cycles: Int
    }

    /// One incident the agent would have opened (on the dashboard; paged only when critical).
    public struct IncidentEntry: Sendable, Codable {
        public var id: String
        public var instanceID: String
        public var metric: String
        public var severity: String
        public var status: String
        /// The first anomalous datapoint.
        public var firstAnomaly: Date
        /// When the agent would have shown it: the replay clock at the end of that cycle.
        public var shownAt: Date
        public var anomalies: Int
        public var peakScore: Double
        public var drivingFeature: String?
        public var expected: [Double]?
        public var summary: String
        /// The top log finding, when the analysis found one.
        public var rootCause: String?
        /// The labelled fault it belongs to (its index in `evaluation.faults`), when labels are given.
        public var fault: Int?
    }

    /// One alert that would have been sent to people.
    public struct AlertEntry: Sendable, Codable {
        public var id: String
        public var incidentID: String
        public var instanceID: String
        public var raisedAt: Date
        public var summary: String
        public var fault: Int?
    }

    /// One decision of the remediation engine (in dry run: what it would have done).
    public struct ActionEntry: Sendable, Codable {
        public var id: String
        public var incidentID: String
        public var instanceID: String
        public var kind: String
        public var status: String
        public var at: Date
        public var reason: String
    }

    public var format = formatName
    public var formatVersion = BacktestReport.formatVersion
    public var input: Input
    public var incidents: [IncidentEntry]
    public var alerts: [AlertEntry]
    public var actions: [ActionEntry]
    /// Calls that reached the instance controller: none in dry run.
    public var controllerCalls: [String]
    /// Events a stage could not handle after every retry.
    public var deadLetters: Int
    /// Present when labels were given.
    public var evaluation: BacktestEvaluation?

    /// The report as JSON: sorted keys, snake_case, ISO 8601 times.
    public func encoded() throws(EvaluationError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(from: date))
        }
        do {
            return try encoder.encode(self)
        } catch {
            throw EvaluationError(.ioFailure, "cannot encode the backtest report", underlying: error)
        }
    }
}
