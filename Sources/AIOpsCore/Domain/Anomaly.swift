public import Foundation

/// A point the detector judged anomalous, with what drove the judgement.
public struct Anomaly: Sendable, Codable, Hashable {
    public var instanceID: String
    public var metric: MetricName
    public var timestamp: Date
    public var value: Double
    /// The detector's score in [0, 1]; higher is more anomalous.
    public var score: Double
    /// The score at and above which a point counts as anomalous.
    public var threshold: Double
    /// The range the detector expected the value in (the band the dashboard draws).
    public var expected: ClosedRange<Double>?
    /// The feature that contributed most to the score, e.g. `deviation` or `value`.
    public var drivingFeature: String?
    /// The detector that produced it.
    public var detector: String

    public init(
        instanceID: String, metric: MetricName, timestamp: Date, value: Double, score: Double, threshold: Double,
        expected: ClosedRange<Double>? = nil, drivingFeature: String? = nil, detector: String
    ) {
        self.instanceID = instanceID
        self.metric = metric
        self.timestamp = timestamp
        self.value = value
        self.score = score
        self.threshold = threshold
        self.expected = expected
        self.drivingFeature = drivingFeature
        self.detector = detector
    }
}

/// How much an incident matters: `info` is recorded only, `warning` is shown, `critical` pages and may act.
public enum Severity: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case info, warning, critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
