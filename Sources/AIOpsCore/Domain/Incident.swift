public import Foundation

/// Where an incident is in its life.
public enum IncidentStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case open, acknowledged, resolved
}

/// A person's verdict on an incident, fed back into detection.
public struct Feedback: Sendable, Codable, Hashable {
    public enum Verdict: String, Sendable, Codable, Hashable, CaseIterable {
        case truePositive = "true_positive"
        case falsePositive = "false_positive"
    }
    public var verdict: Verdict
    public var note: String?
    public var at: Date
    public var by: String

    public init(verdict: Verdict, note: String?, at: Date, by: String) {
        self.verdict = verdict
        self.note = note
        self.at = at
        self.by = by
    }
}

/// Something wrong with one instance: one or more anomalies, their analysis and what was done.
public struct Incident: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    public var instanceID: String
    public var instanceName: String
    public var metric: MetricName
    public var openedAt: Date
    public var updatedAt: Date
    public var status: IncidentStatus
    public var severity: Severity
    public var summary: String
    /// The first anomaly, which opened the incident.
    public var anomaly: Anomaly
    /// The most anomalous point seen since.
    public var peakScore: Double
    public var anomalyCount: Int
    public var findings: [Finding]
    public var feedback: Feedback?
    public var resolvedAt: Date?

    public init(
        id: String, instanceID: String, instanceName: String, metric: MetricName, openedAt: Date, updatedAt: Date,
        status: IncidentStatus, severity: Severity, summary: String, anomaly: Anomaly, peakScore: Double,
        anomalyCount: Int, findings: [Finding], feedback: Feedback? = nil, resolvedAt: Date? = nil
    ) {
        self.id = id
        self.instanceID = instanceID
        self.instanceName = instanceName
        self.metric = metric
        self.openedAt = openedAt
        self.updatedAt = updatedAt
        self.status = status
        self.severity = severity
        self.summary = summary
        self.anomaly = anomaly
        self.peakScore = peakScore
        self.anomalyCount = anomalyCount
        self.findings = findings
        self.feedback = feedback
        self.resolvedAt = resolvedAt
    }
}
