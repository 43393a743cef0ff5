import AIOpsCore
import Foundation
import GRDB

/// Incidents and their findings as rows.
enum IncidentRows {
    static let columns = [
        "id", "instance_id", "instance_name", "metric", "opened_at_ms", "opened_at", "updated_at", "status",
        "severity", "summary", "anomaly", "peak_score", "anomaly_count", "finding_count", "feedback", "resolved_at",
    ]
    static let findingColumns = [
        "incident_id", "position", "template_id", "template", "level", "count", "baseline_rate", "novelty",
        "first_seen", "examples", "rank",
    ]
    static let upsertSQL = StoreCoding.upsert("incident", columns, key: ["id"])
    static let insertFindingSQL = """
        INSERT INTO finding (\(findingColumns.joined(separator: ", "))) \
        VALUES (\(findingColumns.map { ":" + $0 }.joined(separator: ", ")))
        """

    /// Writes an incident and replaces its findings; the caller holds the transaction.
    static func save(_ incident: Incident, _ db: Database) throws {
        let arguments: [String: (any DatabaseValueConvertible)?] = [
            "id": incident.id,
            "instance_id": incident.instanceID,
            "instance_name": incident.instanceName,
            "metric": incident.metric.rawValue,
            "opened_at_ms": try StoreCoding.millis(incident.openedAt),
            "opened_at": StoreCoding.time(incident.openedAt),
            "updated_at": StoreCoding.time(incident.updatedAt),
            "status": incident.status.rawValue,
            "severity": incident.severity.rawValue,
            "summary": incident.summary,
            "anomaly": try StoreCoding.json(incident.anomaly),
            "peak_score": incident.peakScore,
            "anomaly_count": incident.anomalyCount,
            "finding_count": incident.findings.count,
            "feedback": try incident.feedback.map(StoreCoding.json),
            "resolved_at": incident.resolvedAt.map(StoreCoding.time),
        ]
        try db.execute(sql: upsertSQL, arguments: StatementArguments(arguments))
        try db.execute(sql: "DELETE FROM finding WHERE incident_id = ?", arguments: [incident.id])
        let insert = try db.cachedStatement(sql: insertFindingSQL)
        for (position, finding) in incident.findings.enumerated() {
            let arguments: [String: (any DatabaseValueConvertible)?] = [
                "incident_id": incident.id,
                "position": position,
                "template_id": finding.templateID,
                "template": finding.template,
                "level": finding.level.rawValue,
                "count": finding.count,
                "baseline_rate": finding.baselineRate,
                "novelty": finding.novelty.rawValue,
                "first_seen": StoreCoding.time(finding.firstSeen),
                "examples": try StoreCoding.json(finding.examples),
                "rank": finding.rank,
            ]
            try insert.execute(arguments: StatementArguments(arguments))
        }
    }

    /// Reads the incidents that `sql` selects (every column of `incident`, in the order wanted),
    /// with the findings of those incidents only.
    static func fetch(_ db: Database, sql: String, arguments: StatementArguments) throws -> [Incident] {
        let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { try $0.decode(String.self, forColumn: "id") }
        let findings = try findings(of: ids, db)
        return try rows.map { row in
            let id = try row.decode(String.self, forColumn: "id")
            return try incident(row, findings: findings[id] ?? [])
        }
    }

    private static func findings(of ids: [String], _ db: Database) throws -> [String: [Finding]] {
        var byIncident: [String: [Finding]] = [:]
        // SQLite allows 32,766 parameters per statement; pages are far smaller, but chunk anyway.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            let rows = try Row.fetchAll(db, sql: findingsSQL(count: chunk.count), arguments: StatementArguments(chunk))
            for row in rows {
                let id = try row.decode(String.self, forColumn: "incident_id")
                byIncident[id, default: []].append(try finding(row, of: id))
            }
        }
        return byIncident
    }

    /// The findings of `count` incidents, by id: primary-key lookups, never a scan.
    static func findingsSQL(count: Int) -> String {
        "SELECT * FROM finding WHERE incident_id IN \(StoreCoding.placeholders(count)) ORDER BY incident_id, position"
    }

    private static func finding(_ row: Row, of incidentID: String) throws -> Finding {
        let record = "a finding of incident \(incidentID)"
        return Finding(
            templateID: try row.decode(String.self, forColumn: "template_id"),
            template: try row.decode(String.self, forColumn: "template"),
            level: try StoreCoding.value(LogLevel.self, row, "level", of: record),
            count: try row.decode(Int.self, forColumn: "count"),
            baselineRate: try StoreCoding.double(row, "baseline_rate"),
            novelty: try StoreCoding.value(Finding.Novelty.self, row, "novelty", of: record),
            firstSeen: StoreCoding.date(try row.decode(Double.self, forColumn: "first_seen")),
            examples: try StoreCoding.decode([String].self, json: try row.decode(String.self, forColumn: "examples")),
            rank: try StoreCoding.double(row, "rank"))
    }

    private static func incident(_ row: Row, findings: [Finding]) throws -> Incident {
        let id = try row.decode(String.self, forColumn: "id")
        let record = "incident \(id)"
        let feedback = try row.decode(String?.self, forColumn: "feedback")
        return Incident(
            id: id,
            instanceID: try row.decode(String.self, forColumn: "instance_id"),
            instanceName: try row.decode(String.self, forColumn: "instance_name"),
            metric: MetricName(try row.decode(String.self, forColumn: "metric")),
            openedAt: StoreCoding.date(try row.decode(Double.self, forColumn: "opened_at")),
            updatedAt: StoreCoding.date(try row.decode(Double.self, forColumn: "updated_at")),
            status: try StoreCoding.value(IncidentStatus.self, row, "status", of: record),
            severity: try StoreCoding.value(Severity.self, row, "severity", of: record),
            summary: try row.decode(String.self, forColumn: "summary"),
            anomaly: try StoreCoding.decode(Anomaly.self, json: try row.decode(String.self, forColumn: "anomaly")),
            peakScore: try StoreCoding.double(row, "peak_score"),
            anomalyCount: try row.decode(Int.self, forColumn: "anomaly_count"),
            findings: findings,
            feedback: try feedback.map { try StoreCoding.decode(Feedback.self, json: $0) },
            resolvedAt: try row.decode(Double?.self, forColumn: "resolved_at").map(StoreCoding.date))
    }
}
