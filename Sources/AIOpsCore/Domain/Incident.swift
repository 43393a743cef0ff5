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
    /// How many conditional writes the stored copy has had: a write succeeds only if the version
    /// is still the one it read (`IncidentStore.saveIfUnchanged`). 0 for an incident never stored
    /// that way, and for documents written before versions existed.
    public var version: Int = 0
    /// Member instances, shared keys, flaps and origin (issue #15); empty for a plain incident.
    public var correlation = IncidentCorrelation()
    /// Every instance of the incident, the one that opened it first.
    public var memberIDs: [String] { correlation.members.isEmpty ? [instanceID] : correlation.members }
    /// A silence held when it would have paged: stored and shown, but nobody was paged and
    /// nothing acted on it (false for documents written before silences existed).
    public var silenced: Bool = false

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

extension Incident {
    /// Decodes every field as the synthesized decoder would, except `version` and `correlation`:
    /// documents written before they existed have none and decode as version 0, uncorrelated.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), instanceID: try c.decode(String.self, forKey: .instanceID),
            instanceName: try c.decode(String.self, forKey: .instanceName),
            metric: try c.decode(MetricName.self, forKey: .metric),
            openedAt: try c.decode(Date.self, forKey: .openedAt),
            updatedAt: try c.decode(Date.self, forKey: .updatedAt),
            status: try c.decode(IncidentStatus.self, forKey: .status),
            severity: try c.decode(Severity.self, forKey: .severity),
            summary: try c.decode(String.self, forKey: .summary),
            anomaly: try c.decode(Anomaly.self, forKey: .anomaly),
            peakScore: try c.decode(Double.self, forKey: .peakScore),
            anomalyCount: try c.decode(Int.self, forKey: .anomalyCount),
            findings: try c.decode([Finding].self, forKey: .findings),
            feedback: try c.decodeIfPresent(Feedback.self, forKey: .feedback),
            resolvedAt: try c.decodeIfPresent(Date.self, forKey: .resolvedAt))
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 0
        correlation = try c.decodeIfPresent(IncidentCorrelation.self, forKey: .correlation) ?? IncidentCorrelation()
        silenced = try c.decodeIfPresent(Bool.self, forKey: .silenced) ?? false
    }
}
