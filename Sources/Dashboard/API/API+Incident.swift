import AIOpsCore
import Foundation

extension API {
    /// An incident in a list: what the live list shows.
    struct IncidentSummary: Codable, Sendable, Hashable {
        var id: String
        var instanceId: String
        var instanceName: String
        var metric: String
        var openedAt: Date
        var updatedAt: Date
        var status: String
        var severity: String
        var summary: String
        var value: Double?
        var peakScore: Double?
        var anomalyCount: Int
        var feedback: Feedback?
        var resolvedAt: Date?
        /// A silence held when it would have paged: nobody was paged, nothing acted.
        var silenced: Bool

        init(_ incident: AIOpsCore.Incident) {
            id = incident.id
            instanceId = incident.instanceID
            instanceName = incident.instanceName
            metric = incident.metric.rawValue
            openedAt = incident.openedAt
            updatedAt = incident.updatedAt
            status = incident.status.rawValue
            severity = incident.severity.rawValue
            summary = incident.summary
            value = incident.anomaly.value.finite
            peakScore = incident.peakScore.finite
            anomalyCount = incident.anomalyCount
            feedback = incident.feedback.map(Feedback.init)
            resolvedAt = incident.resolvedAt
            silenced = incident.silenced
        }
    }

    /// A page of incidents; `nextCursor` is absent on the last page.
    struct IncidentPage: Codable, Sendable {
        var items: [IncidentSummary]
        var nextCursor: String?
    }

    /// An incident with its anomaly and root-cause findings.
    struct Incident: Codable, Sendable {
        var id: String
        var instanceId: String
        var instanceName: String
        var metric: String
        var openedAt: Date
        var updatedAt: Date
        var status: String
        var severity: String
        var summary: String
        var anomaly: Anomaly
        var peakScore: Double?
        var anomalyCount: Int
        var findings: [Finding]
        var feedback: Feedback?
        var resolvedAt: Date?
        /// A silence held when it would have paged: nobody was paged, nothing acted.
        var silenced: Bool

        init(_ incident: AIOpsCore.Incident) {
            id = incident.id
            instanceId = incident.instanceID
            instanceName = incident.instanceName
            metric = incident.metric.rawValue
            openedAt = incident.openedAt
            updatedAt = incident.updatedAt
            status = incident.status.rawValue
            severity = incident.severity.rawValue
            summary = incident.summary
            anomaly = Anomaly(incident.anomaly)
            peakScore = incident.peakScore.finite
            anomalyCount = incident.anomalyCount
            findings = incident.findings.map(Finding.init)
            feedback = incident.feedback.map(Feedback.init)
            resolvedAt = incident.resolvedAt
            silenced = incident.silenced
        }
    }

    /// `GET /incidents/{id}`: the incident, its anomalies, the scored series around it, and what was done.
    struct IncidentDetail: Codable, Sendable {
        var incident: Incident
        var anomalies: [Anomaly]
        var series: [ScoredPoint]
        var actions: [Action]
        var audit: [AuditRecord]
        /// The threshold feedback set for the incident's instance and metric, when it did.
        var thresholdAdjustment: ThresholdAdjustment?
    }

    struct Anomaly: Codable, Sendable {
        var instanceId: String
        var metric: String
        var timestamp: Date
        var value: Double?
        var score: Double?
        var threshold: Double?
        var expected: Band?
        var drivingFeature: String?
        var detector: String

        init(_ anomaly: AIOpsCore.Anomaly) {
            instanceId = anomaly.instanceID
            metric = anomaly.metric.rawValue
            timestamp = anomaly.timestamp
            value = anomaly.value.finite
            score = anomaly.score.finite
            threshold = anomaly.threshold.finite
            expected = Band(anomaly.expected)
            drivingFeature = anomaly.drivingFeature
            detector = anomaly.detector
        }
    }

    struct Finding: Codable, Sendable {
        var templateId: String
        var template: String
        var level: String
        var count: Int
        var baselineRate: Double?
        var novelty: String
        var firstSeen: Date
        /// Real log lines, verbatim: attacker-controlled text, shown escaped.
        var examples: [String]
        var rank: Double?
        /// The other templates of the same cause, under this one (their own consequences are empty).
        var consequences: [Finding]
        /// The values the template's variables took in the anomaly window.
        var values: [AIOpsCore.Finding.VariableValues]

        init(_ finding: AIOpsCore.Finding) {
            templateId = finding.templateID
            template = finding.template
            level = finding.level.rawValue
            count = finding.count
            baselineRate = finding.baselineRate.finite
            novelty = finding.novelty.rawValue
            firstSeen = finding.firstSeen
            examples = finding.examples
            rank = finding.rank.finite
            consequences = finding.consequences.map(Finding.init)
            values = finding.values
        }
    }

    struct Feedback: Codable, Sendable, Hashable {
        var verdict: String
        var note: String?
        var at: Date
        var by: String

        init(_ feedback: AIOpsCore.Feedback) {
            verdict = feedback.verdict.rawValue
            note = feedback.note
            at = feedback.at
            by = feedback.by
        }
    }
}
