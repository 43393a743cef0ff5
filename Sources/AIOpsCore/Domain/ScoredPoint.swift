public import Foundation

/// A metric datapoint with what the detector made of it: what the dashboard charts around an
/// incident (the value, the expected band, anomalous points marked).
public struct ScoredPoint: Sendable, Codable, Hashable {
    public var timestamp: Date
    public var value: Double
    /// The detector's score in [0, 1], when the point was scored.
    public var score: Double?
    public var expected: ClosedRange<Double>?
    public var isAnomaly: Bool

    public init(
        timestamp: Date, value: Double, score: Double? = nil, expected: ClosedRange<Double>? = nil,
        isAnomaly: Bool = false
    ) {
        self.timestamp = timestamp
        self.value = value
        self.score = score
        self.expected = expected
        self.isAnomaly = isAnomaly
    }
}

/// What the agent last saw of an instance: for the fleet view.
public struct InstanceSnapshot: Sendable, Codable, Hashable {
    public enum Health: String, Sendable, Codable, Hashable, CaseIterable {
        case healthy, degraded, critical, unknown
    }

    public var instance: Instance
    public var health: Health
    public var lastScore: Double?
    public var lastSeen: Date?
    /// Recent points of the primary metric, oldest first (a sparkline's worth).
    public var recent: [MetricPoint]

    public init(instance: Instance, health: Health, lastScore: Double?, lastSeen: Date?, recent: [MetricPoint]) {
        self.instance = instance
        self.health = health
        self.lastScore = lastScore
        self.lastSeen = lastSeen
        self.recent = recent
    }
}
