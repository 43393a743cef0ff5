import AIOpsCore
import Foundation
import GRDB

/// The SQL of one page of incidents: filters, then keyset pagination on (`opened_at_ms`, `id`).
///
/// Keyset, not OFFSET: a page after the cursor is an index range, so page 200 costs what page 1
/// costs, and incidents inserted meanwhile neither repeat nor skip rows.
struct IncidentQuery {
    var sql: String
    var arguments: StatementArguments

    /// Selects at most `limit` incidents matching `filter`, newest first, after `cursor`.
    init(filter: IncidentFilter, limit: Int, after cursor: IncidentCursor?) throws(AIOpsError) {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let status = filter.status {
            conditions.append("status = ?")
            values.append(status.rawValue)
        }
        if let severity = filter.severity {
            conditions.append("severity = ?")
            values.append(severity.rawValue)
        }
        if let instanceID = filter.instanceID {
            conditions.append("instance_id = ?")
            values.append(instanceID)
        }
        if let feedback = filter.feedback {
            // Few incidents carry a verdict; the time or instance index narrows the rows first.
            conditions.append("feedback_verdict = ?")
            values.append(feedback.rawValue)
        }
        // The bounds are exact on `opened_at`; the same bound on the millisecond column (rounding is
        // monotonic, so it never excludes a match) lets the index narrow the range.
        if let from = filter.from {
            conditions.append("opened_at_ms >= ? AND opened_at >= ?")
            values += [try StoreCoding.millis(from), StoreCoding.time(from)]
        }
        if let to = filter.to {
            conditions.append("opened_at_ms <= ? AND opened_at <= ?")
            values += [try StoreCoding.millis(to), StoreCoding.time(to)]
        }
        if let cursor {
            conditions.append("(opened_at_ms, id) < (?, ?)")
            values += [try StoreCoding.millis(cursor.openedAt), cursor.id]
        }
        let filtering = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        sql =
            "SELECT \(IncidentRows.columns.sql) FROM incident \(filtering) ORDER BY opened_at_ms DESC, id DESC LIMIT ?"
        values.append(limit)
        arguments = StatementArguments(values)
    }

    /// The unresolved incident of an instance (and metric) opened last: the pipeline's dedup lookup.
    static func unresolved(instanceID: String, metric: MetricName?) -> IncidentQuery {
        var sql = "SELECT \(IncidentRows.columns.sql) FROM incident WHERE instance_id = ? AND status <> 'resolved'"
        var values: [String] = [instanceID]
        if let metric {
            sql += " AND metric = ?"
            values.append(metric.rawValue)
        }
        // Exact times, as the in-memory store compares them: an instance has few unresolved
        // incidents, so sorting them costs nothing.
        return IncidentQuery(
            sql: sql + " ORDER BY opened_at DESC, id DESC LIMIT 1", arguments: StatementArguments(values))
    }

    private init(sql: String, arguments: StatementArguments) {
        self.sql = sql
        self.arguments = arguments
    }

    /// What SQLite plans to do for this query, one line per step (`EXPLAIN QUERY PLAN`).
    func plan(_ db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map {
            try $0.decode(String.self, forColumn: "detail")
        }
    }
}
