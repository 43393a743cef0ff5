public import AIOpsCore
import Foundation
import GRDB

extension SQLiteIncidentStore {
    /// Records an anomaly point; the same incident, metric and timestamp again keeps the first copy.
    public func recordAnomaly(_ anomaly: Anomaly, incidentID: String) async throws {
        let sql = StoreCoding.insertIgnoringDuplicates("anomaly", RecordRows.anomalyColumns.names)
        try await writing("record an anomaly of incident \(incidentID)") { db in
            try db.execute(sql: sql, arguments: RecordRows.arguments(anomaly, incidentID: incidentID))
        }
    }

    /// Oldest first; points at the same time keep the order they were recorded in.
    public func anomalies(incidentID: String) async throws -> [Anomaly] {
        try await reading("read the anomalies of incident \(incidentID)") { db in
            let columns = RecordRows.anomalyColumns
            let sql = "SELECT \(columns.sql) FROM anomaly WHERE incident_id = ? ORDER BY timestamp, rowid"
            return try RowReader.fetch(db, sql, [incidentID], columns) { try RecordRows.anomaly($0) }
        }
    }

    /// Adds or replaces points by timestamp, all of them in one transaction.
    public func appendSeries(_ points: [ScoredPoint], incidentID: String) async throws {
        guard !points.isEmpty else { return }
        let sql = StoreCoding.upsert("series_point", RecordRows.pointColumns.names, key: ["incident_id", "timestamp"])
        try await writing("add \(points.count) chart points to incident \(incidentID)") { db in
            let statement = try db.cachedStatement(sql: sql)
            for point in points {
                try statement.execute(arguments: RecordRows.arguments(point, incidentID: incidentID))
            }
        }
    }

    public func series(incidentID: String) async throws -> [ScoredPoint] {
        try await reading("read the chart of incident \(incidentID)") { db in
            let columns = RecordRows.pointColumns
            let sql = "SELECT \(columns.sql) FROM series_point WHERE incident_id = ? ORDER BY timestamp"
            return try RowReader.fetch(db, sql, [incidentID], columns, RecordRows.point)
        }
    }

    public func saveSnapshot(_ snapshot: InstanceSnapshot) async throws {
        try await saveSnapshots([snapshot])
    }

    /// All in one transaction.
    public func saveSnapshots(_ snapshots: [InstanceSnapshot]) async throws {
        guard !snapshots.isEmpty else { return }
        let what =
            snapshots.count == 1
            ? "save the snapshot of \(snapshots[0].instance.id)" : "save \(snapshots.count) instance snapshots"
        try await writing(what) { db in
            let sql = StoreCoding.upsert(
                "instance_snapshot", ["instance_id", "instance_name", "body"], key: ["instance_id"])
            for snapshot in snapshots {
                let body = try StoreCoding.json(snapshot)
                try db.execute(
                    sql: sql,
                    arguments: [
                        "instance_id": snapshot.instance.id, "instance_name": snapshot.instance.name, "body": body,
                    ])
            }
        }
    }

    /// Ordered by instance name, then id.
    public func snapshots() async throws -> [InstanceSnapshot] {
        try await reading("read the instance snapshots") { db in
            let decoder = StoreCoding.decoder()
            return try String.fetchAll(
                db, sql: "SELECT body FROM instance_snapshot ORDER BY instance_name, instance_id"
            )
            .map { try StoreCoding.decode(InstanceSnapshot.self, json: $0, using: decoder) }
        }
    }
}
