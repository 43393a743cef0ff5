import AIOpsCore
import Foundation
import GRDB

/// Incidents, their findings and the findings' example lines as rows.
enum IncidentRows {
    static let columns = ColumnList(
        [
            "id", "instance_id", "instance_name", "metric", "opened_at_ms", "opened_at", "updated_at", "status",
            "severity", "summary", "peak_score", "anomaly_count", "finding_count", "resolved_at", "feedback_verdict",
            "feedback_note", "feedback_at", "feedback_by", "version", "correlation", "silenced",
        ] + RecordRows.anomalyFields.map { "anomaly_" + $0 })
    static let findingColumns = ColumnList([
        "incident_id", "position", "template_id", "template", "level", "count", "baseline_rate", "novelty",
        "first_seen", "rank", "example_count", "detail",
    ])
    static let exampleColumns = ColumnList(["incident_id", "position", "line"])
    static let upsertSQL = StoreCoding.upsert("incident", columns.names, key: ["id"])
    static let insertFindingSQL = StoreCoding.insert("finding", findingColumns.names)
    static let insertExampleSQL =
        "INSERT INTO finding_example (incident_id, position, example, line) VALUES (?, ?, ?, ?)"

    /// The upsert that leaves a row alone unless its version is still the one read.
    static let conditionalUpsertSQL = upsertSQL + " WHERE incident.version = :expected"

    /// Writes an incident and replaces its findings; the caller holds the transaction. With
    /// `expected`, only if the stored row is still at that version (missing counts as 0): the row
    /// gets `expected + 1`; false, and nothing written, otherwise.
    @discardableResult
    static func save(_ incident: Incident, _ db: Database, expected: Int? = nil) throws -> Bool {
        var values: [String: (any DatabaseValueConvertible)?] = [
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
            "peak_score": incident.peakScore,
            "anomaly_count": incident.anomalyCount,
            "finding_count": incident.findings.count,
            "resolved_at": incident.resolvedAt.map(StoreCoding.time),
            "feedback_verdict": incident.feedback?.verdict.rawValue,
            "feedback_note": incident.feedback?.note,
            "feedback_at": incident.feedback.map { StoreCoding.time($0.at) },
            "feedback_by": incident.feedback?.by,
            "version": expected.map { $0 + 1 } ?? incident.version,
            "correlation": incident.correlation.isEmpty
                ? nil : String(decoding: try JSONEncoder().encode(incident.correlation), as: UTF8.self),
            "silenced": incident.silenced,
        ]
        for (field, value) in RecordRows.values(incident.anomaly) { values["anomaly_" + field] = value }
        if expected == 0 {
            // A conditional create (or the first versioned write of a row from before versions).
            values["expected"] = 0
            try db.execute(sql: conditionalUpsertSQL, arguments: StatementArguments(values))
            guard db.changesCount > 0 else { return false }
        } else if let expected {
            // The version moves first, in this write transaction: a missing row or another
            // version changes nothing, and nothing else is written.
            try db.execute(
                sql: "UPDATE incident SET version = ? WHERE id = ? AND version = ?",
                arguments: [expected + 1, incident.id, expected])
            guard db.changesCount > 0 else { return false }
            try db.execute(sql: upsertSQL, arguments: StatementArguments(values))
        } else {
            try db.execute(sql: upsertSQL, arguments: StatementArguments(values))
        }
        try db.execute(sql: "DELETE FROM finding WHERE incident_id = ?", arguments: [incident.id])
        let insertFinding = try db.cachedStatement(sql: insertFindingSQL)
        let insertExample = try db.cachedStatement(sql: insertExampleSQL)
        for (position, finding) in incident.findings.enumerated() {
            let values: [String: (any DatabaseValueConvertible)?] = [
                "incident_id": incident.id,
                "position": position,
                "template_id": finding.templateID,
                "template": finding.template,
                "level": finding.level.rawValue,
                "count": finding.count,
                "baseline_rate": finding.baselineRate,
                "novelty": finding.novelty.rawValue,
                "first_seen": StoreCoding.time(finding.firstSeen),
                "rank": finding.rank,
                "example_count": finding.examples.count,
                "detail": try FindingDetail.json(finding),
            ]
            try insertFinding.execute(arguments: StatementArguments(values))
            for (index, line) in finding.examples.enumerated() {
                try insertExample.execute(arguments: [incident.id, position, index, line])
            }
        }
        return true
    }

    /// Reads the incidents that `sql` selects (`columns`, in the order wanted), with the findings
    /// of those incidents only (none when `withFindings` is false).
    static func fetch(_ db: Database, sql: String, arguments: StatementArguments, findings withFindings: Bool = true)
        throws -> [Incident]
    {
        var incidents = try RowReader.fetch(db, sql, arguments, columns, incident)
        guard !incidents.isEmpty, withFindings else { return incidents }
        let findings = try findings(of: incidents.map(\.id), db)
        for index in incidents.indices { incidents[index].findings = findings[incidents[index].id] ?? [] }
        return incidents
    }

    /// The findings of `count` incidents, by id: primary-key lookups, never a scan.
    static func findingsSQL(count: Int) -> String {
        """
        SELECT \(findingColumns.sql) FROM finding WHERE incident_id IN \(StoreCoding.placeholders(count)) \
        ORDER BY incident_id, position
        """
    }

    /// Their example lines, likewise.
    static func examplesSQL(count: Int) -> String {
        """
        SELECT \(exampleColumns.sql) FROM finding_example WHERE incident_id IN \(StoreCoding.placeholders(count)) \
        ORDER BY incident_id, position, example
        """
    }

    private static func findings(of ids: [String], _ db: Database) throws -> [String: [Finding]] {
        var byIncident: [String: [Finding]] = [:]
        // SQLite allows 32,766 parameters per statement; pages are far smaller, but chunk anyway.
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = StatementArguments(ids[start..<min(start + 500, ids.count)])
            let count = min(500, ids.count - start)
            var examples: [String: [Int: [String]]] = [:]
            _ = try RowReader.fetch(db, examplesSQL(count: count), chunk, exampleColumns) { row in
                examples[try row.string("incident_id"), default: [:]][try row.int("position"), default: []]
                    .append(try row.string("line"))
            }
            _ = try RowReader.fetch(db, findingsSQL(count: count), chunk, findingColumns) { row in
                let id = try row.string("incident_id")
                let lines = examples[id]?[try row.int("position")] ?? []
                byIncident[id, default: []].append(try finding(row, examples: lines, of: id))
            }
        }
        return byIncident
    }

    private static func finding(_ row: RowReader, examples: [String], of incidentID: String) throws -> Finding {
        var row = row
        row.record = "a finding of incident \(incidentID)"
        return Finding(
            templateID: try row.string("template_id"),
            template: try row.string("template"),
            level: try row.value(LogLevel.self, "level"),
            count: try row.int("count"),
            baselineRate: try row.double("baseline_rate"),
            novelty: try row.value(Finding.Novelty.self, "novelty"),
            firstSeen: try row.date("first_seen"),
            examples: examples,
            rank: try row.double("rank")
        )
        .with(try FindingDetail.decode(try row.optionalString("detail"), of: incidentID))
    }

    /// An incident without its findings, which come from their own table.
    private static func incident(_ row: RowReader) throws -> Incident {
        var row = row
        let id = try row.string("id")
        row.record = "incident \(id)"
        var incident = Incident(
            id: id,
            instanceID: try row.string("instance_id"),
            instanceName: try row.string("instance_name"),
            metric: MetricName(try row.string("metric")),
            openedAt: try row.date("opened_at"),
            updatedAt: try row.date("updated_at"),
            status: try row.value(IncidentStatus.self, "status"),
            severity: try row.value(Severity.self, "severity"),
            summary: try row.string("summary"),
            anomaly: try RecordRows.anomaly(row, prefix: "anomaly_"),
            peakScore: try row.double("peak_score"),
            anomalyCount: try row.int("anomaly_count"),
            findings: [],
            feedback: try feedback(row),
            resolvedAt: try row.optionalDate("resolved_at"))
        incident.version = try row.int("version")
        if let text = try row.optionalString("correlation") {
            do {
                incident.correlation = try JSONDecoder().decode(IncidentCorrelation.self, from: Data(text.utf8))
            } catch {
                throw StoreFailure.unreadable("correlation", String(text.prefix(80)), of: "incident \(id)")
            }
        }
        incident.silenced = try row.int("silenced") != 0
        return incident
    }

    private static func feedback(_ row: RowReader) throws -> Feedback? {
        guard try row.optionalString("feedback_verdict") != nil else { return nil }
        return Feedback(
            verdict: try row.value(Feedback.Verdict.self, "feedback_verdict"),
            note: try row.optionalString("feedback_note"),
            at: try row.date("feedback_at"),
            by: try row.string("feedback_by"))
    }
}

/// What a finding holds beyond its row: the consequences of its cause and its variables' values.
struct FindingDetail: Codable {
    var consequences: [Finding]
    var values: [Finding.VariableValues]
    /// Absent for log evidence, as in findings stored before kinds existed.
    var kind: Finding.Kind?

    /// The JSON of a finding's detail, or nil when it has none.
    static func json(_ finding: Finding) throws -> String? {
        let kind = finding.kind == .log ? nil : finding.kind
        guard !finding.consequences.isEmpty || !finding.values.isEmpty || kind != nil else { return nil }
        let data = try JSONEncoder().encode(
            FindingDetail(consequences: finding.consequences, values: finding.values, kind: kind))
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ text: String?, of incidentID: String) throws -> FindingDetail {
        guard let text else { return FindingDetail(consequences: [], values: []) }
        do {
            return try JSONDecoder().decode(FindingDetail.self, from: Data(text.utf8))
        } catch {
            throw StoreFailure.unreadable("detail", String(text.prefix(80)), of: "a finding of incident \(incidentID)")
        }
    }
}

extension Finding {
    fileprivate func with(_ detail: FindingDetail) -> Finding {
        var finding = self
        finding.consequences = detail.consequences
        finding.values = detail.values
        finding.kind = detail.kind ?? .log
        return finding
    }
}
