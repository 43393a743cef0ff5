public import AIOpsCore
public import Foundation
import GRDB

extension SQLiteIncidentStore {
    /// Inserts the action unless its idempotency key is taken. Atomic across threads and processes:
    /// the key's UNIQUE index decides, inside one write transaction.
    public func claim(_ action: RemediationAction) async throws -> Bool {
        let insert = StoreCoding.insertIgnoringDuplicates("action", RecordRows.actionColumns.names)
        return try await writing("claim \(action.idempotencyKey)") { db in
            try db.execute(sql: insert, arguments: RecordRows.arguments(action))
            if db.changesCount > 0 { return true }
            let holder = try String.fetchOne(
                db, sql: "SELECT id FROM action WHERE idempotency_key = ?", arguments: [action.idempotencyKey])
            guard holder == nil else { return false }
            throw AIOpsError(
                .conflict,
                "cannot claim \(action.idempotencyKey): the action id \(action.id) already belongs to an action with "
                    + "another idempotency key")
        }
    }

    /// Replaces an action by id (inserting it when absent); its key must stay its own.
    public func update(_ action: RemediationAction) async throws {
        let sql = StoreCoding.upsert("action", RecordRows.actionColumns.names, key: ["id"])
        try await writing("update action \(action.id)") { db in
            try db.execute(sql: sql, arguments: RecordRows.arguments(action))
        }
    }

    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        var conditions: [String] = []
        var values: [(any DatabaseValueConvertible)?] = []
        if let incidentID {
            conditions.append("incident_id = ?")
            values.append(incidentID)
        }
        if let instanceID {
            conditions.append("instance_id = ?")
            values.append(instanceID)
        }
        if let since {
            conditions.append("at >= ?")
            values.append(StoreCoding.time(since))
        }
        values.append(max(0, limit))  // SQLite reads a negative LIMIT as "no limit"
        let filtering = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let arguments = StatementArguments(values)
        return try await reading("list actions") { db in
            let columns = RecordRows.actionColumns
            let sql = "SELECT \(columns.sql) FROM action \(filtering) ORDER BY at DESC, id DESC LIMIT ?"
            return try RowReader.fetch(db, sql, arguments, columns, RecordRows.action)
        }
    }

    /// Appends to the audit trail; a record id already there keeps its first copy.
    public func append(_ record: AuditRecord) async throws {
        let sql = StoreCoding.insertIgnoringDuplicates("audit", RecordRows.auditColumns.names)
        try await writing("append audit record \(record.id)") { db in
            try db.execute(sql: sql, arguments: RecordRows.arguments(record))
        }
    }

    public func audit(incidentID: String?, limit: Int) async throws -> [AuditRecord] {
        let filtering = incidentID == nil ? "" : "WHERE incident_id = ?"
        let values: [(any DatabaseValueConvertible)?] = (incidentID.map { [$0] } ?? []) + [max(0, limit)]
        let arguments = StatementArguments(values)
        return try await reading("read the audit trail") { db in
            let columns = RecordRows.auditColumns
            let sql = "SELECT \(columns.sql) FROM audit \(filtering) ORDER BY at DESC, id DESC LIMIT ?"
            return try RowReader.fetch(db, sql, arguments, columns, RecordRows.audit)
        }
    }

    public func markHandled(eventID: String, at: Date) async throws -> Bool {
        try await writing("mark event \(eventID) handled") { db in
            try db.execute(
                sql: "INSERT INTO handled_event (event_id, handled_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                arguments: [eventID, StoreCoding.time(at)])
            return db.changesCount > 0
        }
    }

    public func checkpoint(_ key: String) async throws -> String? {
        try await reading("read checkpoint \(key)") { db in
            try String.fetchOne(db, sql: "SELECT value FROM checkpoint WHERE key = ?", arguments: [key])
        }
    }

    public func setCheckpoint(_ key: String, _ value: String) async throws {
        try await writing("set checkpoint \(key)") { db in
            try db.execute(
                sql:
                    "INSERT INTO checkpoint (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }
}
