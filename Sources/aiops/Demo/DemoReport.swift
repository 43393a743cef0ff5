import AIOpsCore
import Foundation
import Pipeline
import Simulator

/// The `--report` file of `aiops demo`: the fleet, the faults played, and what the agent made of
/// them. Times are ISO 8601; keys are snake_case as the issue specifies.
struct DemoReport: Encodable {
    struct Member: Encodable {
        var id: String
        var name: String
        var tags: [String: String]
    }
    struct Fault: Encodable {
        var instanceID: String
        var kind: String
        var start: Date
        var end: Date?
        enum CodingKeys: String, CodingKey {
            case instanceID = "instance_id"
            case kind, start, end
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(instanceID, forKey: .instanceID)
            try container.encode(kind, forKey: .kind)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
        }
    }
    struct ReportFinding: Encodable {
        var template: String
        var count: Int
        var example: String
        var level: String
        var novelty: String
        /// The other templates of the same cause, as `count × template`.
        var consequences: [String]
        /// The values the template's variables took, as `value ×count` per variable.
        var values: [[String]]
        /// `log`, or `change` for a deploy, configuration push or scaling event before the anomaly.
        var kind: String

        init(_ finding: Finding) {
            kind = finding.kind.rawValue
            template = finding.template
            count = finding.count
            example = finding.examples.first ?? ""
            level = finding.level.rawValue
            novelty = finding.novelty.rawValue
            consequences = finding.consequences.map { "\($0.count) × \($0.template)" }
            values = finding.values.map { $0.top.map { "\($0.value) ×\($0.count)" } }
        }
    }
    struct ReportAction: Encodable {
        var kind: String
        var status: String
        var at: Date
        var reason: String
        var verifiedAt: Date?
        enum CodingKeys: String, CodingKey {
            case kind, status, at, reason
            case verifiedAt = "verified_at"
        }
    }
    struct ReportIncident: Encodable {
        var id: String
        var instanceID: String
        var instanceName: String
        var metric: String
        var openedAt: Date
        var resolvedAt: Date?
        var status: String
        var severity: String
        var summary: String
        var anomalyCount: Int
        /// A silence held when it would have paged: nobody was paged, nothing acted.
        var silenced: Bool
        var findings: [ReportFinding]
        var actions: [ReportAction]
        /// Every instance of the incident, the one that opened it first.
        var members: [String]
        /// Times it re-opened after it was resolved.
        var flaps: Int
        /// The member named as the likely origin, upstream along a dependency.
        var origin: String?
        enum CodingKeys: String, CodingKey {
            case id, metric, status, severity, summary, findings, actions, members, flaps, origin, silenced
            case instanceID = "instance_id"
            case instanceName = "instance_name"
            case openedAt = "opened_at"
            case resolvedAt = "resolved_at"
            case anomalyCount = "anomaly_count"
        }
    }

    var seed: UInt64
    var start: Date
    var end: Date
    var instances: [Member]
    var faults: [Fault]
    var incidents: [ReportIncident]
    var notifications: [Notification]
    /// The fleet scenario's figures (nil for the classic scenario).
    var noise: NoiseFigures?

    /// One page sent to people.
    struct Notification: Encodable {
        var at: Date
        var incidentID: String
        var severity: String
        enum CodingKeys: String, CodingKey {
            case at, severity
            case incidentID = "incident_id"
        }
    }

    /// Reads everything from the store (oldest incident first).
    static func collect(
        seed: UInt64, start: Date, end: Date, fleet: SimulatedFleet, store: any IncidentStore,
        scenario: FleetScenario? = nil
    ) async throws -> DemoReport {
        let incidents = try await store.allIncidents()
        var reported: [ReportIncident] = []
        for incident in incidents.reversed() {
            let actions = try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 100)
            reported.append(
                ReportIncident(
                    id: incident.id, instanceID: incident.instanceID, instanceName: incident.instanceName,
                    metric: incident.metric.rawValue, openedAt: incident.openedAt, resolvedAt: incident.resolvedAt,
                    status: incident.status.rawValue, severity: incident.severity.rawValue, summary: incident.summary,
                    anomalyCount: incident.anomalyCount, silenced: incident.silenced,
                    findings: incident.findings.map(ReportFinding.init),
                    actions: actions.reversed().map {
                        ReportAction(
                            kind: $0.kind.rawValue, status: $0.status.rawValue, at: $0.at, reason: $0.reason,
                            verifiedAt: $0.verifiedAt)
                    }, members: incident.memberIDs, flaps: incident.correlation.flaps,
                    origin: incident.correlation.origin))
        }
        let notifications = try await Self.notifications(store)
        var noise: NoiseFigures?
        if let scenario {
            noise = try await NoiseFigures.measure(
                scenario, incidents: incidents, notifications: notifications, fleet: fleet, store: store)
        }
        return DemoReport(
            seed: seed, start: start, end: end,
            instances: fleet.instances().map { Member(id: $0.id, name: $0.name, tags: $0.tags) },
            faults: fleet.faultHistory().map {
                Fault(instanceID: $0.instanceID, kind: $0.kind.rawValue, start: $0.start, end: $0.end)
            },
            incidents: reported, notifications: notifications, noise: noise)
    }

    /// The pages sent, oldest first: the notification records of a correlating pipeline (or,
    /// without them, the escalations to critical, each of which raised the incident's one alert),
    /// and remediation's follow-up alerts to a person.
    static func notifications(_ store: any IncidentStore) async throws -> [Notification] {
        let audit = try await store.audit(incidentID: nil, limit: 100_000)
        let sent = audit.filter { $0.actor == "notification" && $0.outcome == AnalysisStage.notified }
        let followUps = audit.filter { $0.action == "escalate" && $0.outcome == "person alerted" }
        let pages =
            (sent.isEmpty ? audit.filter { $0.actor == "escalation" && $0.action == "critical" } : sent) + followUps
        return pages.compactMap { record in
            record.incidentID.map {
                Notification(
                    at: record.at, incidentID: $0, severity: record.action == "escalate" ? "critical" : record.action)
            }
        }.sorted { ($0.at, $0.incidentID) < ($1.at, $1.incidentID) }
    }

    func write(to url: URL) throws {
        let encoder = EventCodec.encoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}
