public import Foundation

/// Published by detection for each anomaly (SNS topic `aiops-anomalies`, or the in-process bus).
/// Versioned JSON: the same bytes travel through SNS and the embedded bus.
public struct AnomalyEvent: Sendable, Codable, Hashable {
    public static let type = "aiops.anomaly"
    public static let currentVersion = 1

    public var type: String
    public var version: Int
    /// Unique per event; duplicates (SNS delivers at least once) carry the same id.
    public var eventID: String
    public var instance: Instance
    public var anomaly: Anomaly
    /// Recent points of the metric, for the incident's chart.
    public var recent: [MetricPoint]
    /// The same points with what the detector made of them (score, expected band), when the
    /// publisher had them. Optional, so version-1 events without it still decode.
    public var scored: [ScoredPoint]?
    /// Whether the instance's status checks failed around the anomaly, when detection looked
    /// (it asks for every anomalous instance of a cycle in one batched call, so analysis need
    /// not ask once per anomaly). Nil: not looked at; analysis asks itself.
    public var statusChecksFailing: Bool?
    public var detectedAt: Date

    public init(
        eventID: String, instance: Instance, anomaly: Anomaly, recent: [MetricPoint], scored: [ScoredPoint]? = nil,
        statusChecksFailing: Bool? = nil, detectedAt: Date
    ) {
        self.type = Self.type
        self.version = Self.currentVersion
        self.eventID = eventID
        self.instance = instance
        self.anomaly = anomaly
        self.recent = recent
        self.scored = scored
        self.statusChecksFailing = statusChecksFailing
        self.detectedAt = detectedAt
    }
}

/// Published for critical incidents (SNS topic `aiops-critical-alerts`): emails people and
/// triggers remediation.
public struct CriticalAlert: Sendable, Codable, Hashable {
    public static let type = "aiops.critical-alert"
    public static let currentVersion = 1

    public var type: String
    public var version: Int
    public var alertID: String
    public var incident: Incident
    public var instance: Instance
    public var raisedAt: Date

    public init(alertID: String, incident: Incident, instance: Instance, raisedAt: Date) {
        self.type = Self.type
        self.version = Self.currentVersion
        self.alertID = alertID
        self.incident = incident
        self.instance = instance
        self.raisedAt = raisedAt
    }
}
