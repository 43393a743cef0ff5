import AIOpsCore
import Foundation

extension API {
    /// An instance in the fleet view: its state, health, last score, open incidents and a sparkline.
    struct Instance: Codable, Sendable {
        var id: String
        var name: String
        var state: String
        var tags: [String: String]
        var health: String
        var lastScore: Double?
        var lastSeen: Date?
        /// Incidents of this instance that are not resolved (open or acknowledged).
        var openIncidents: Int
        var recent: [Point]
        /// Thresholds people's false-positive verdicts raised on this instance; absent when none.
        var thresholdAdjustments: [ThresholdAdjustment]?

        init(
            _ snapshot: InstanceSnapshot, openIncidents: Int,
            thresholdAdjustments: [AIOpsCore.ThresholdAdjustment] = []
        ) {
            id = snapshot.instance.id
            name = snapshot.instance.name
            state = snapshot.instance.state.rawValue
            tags = snapshot.instance.tags
            health = snapshot.health.rawValue
            lastScore = snapshot.lastScore?.finite
            lastSeen = snapshot.lastSeen
            self.openIncidents = openIncidents
            recent = snapshot.recent.compactMap(Point.init)
            self.thresholdAdjustments =
                thresholdAdjustments.isEmpty ? nil : thresholdAdjustments.map(ThresholdAdjustment.init)
        }
    }

    /// `GET /instances/{id}/metrics`.
    struct Metrics: Codable, Sendable {
        var instanceId: String
        var metric: String
        var from: Date
        var to: Date
        /// Seconds between datapoints.
        var period: Int
        var points: [Point]
    }

    /// A remediation decision, acted or not.
    struct Action: Codable, Sendable {
        var id: String
        var incidentId: String
        var instanceId: String
        var kind: String
        var status: String
        var at: Date
        var reason: String
        var verifiedAt: Date?

        init(_ action: RemediationAction) {
            id = action.id
            incidentId = action.incidentID
            instanceId = action.instanceID
            kind = action.kind.rawValue
            status = action.status.rawValue
            at = action.at
            reason = action.reason
            verifiedAt = action.verifiedAt
        }
    }

    /// An entry of the audit trail: who decided what, and why.
    struct AuditRecord: Codable, Sendable {
        var id: String
        var at: Date
        var actor: String
        var action: String
        var instanceId: String?
        var incidentId: String?
        var outcome: String
        var reason: String

        init(_ record: AIOpsCore.AuditRecord) {
            id = record.id
            at = record.at
            actor = record.actor
            action = record.action
            instanceId = record.instanceID
            incidentId = record.incidentID
            outcome = record.outcome
            reason = record.reason
        }
    }
}
