public import AIOpsCore
public import Foundation
import GRDB

extension SQLiteIncidentStore {
    /// One conditional upsert inside one write transaction: SQLite's single writer makes it atomic
    /// across threads and processes sharing the file.
    public func acquireLease(_ key: String, holder: String, until: Date, now: Date) async throws -> LeaseGrant {
        try await writing("take lease \(key)") { db in
            try db.execute(
                sql: """
                    INSERT INTO lease (key, holder, until) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    WHERE lease.until <= ? OR lease.holder = excluded.holder
                    """,
                arguments: [key, holder, StoreCoding.time(until), StoreCoding.time(now)])
            if db.changesCount > 0 { return .acquired }
            let row = try Row.fetchOne(db, sql: "SELECT holder, until FROM lease WHERE key = ?", arguments: [key])
            guard let row, let current: String = row["holder"], let end: Double = row["until"] else {
                throw AIOpsError(.internalFailure, "the lease \(key) was neither taken nor held")
            }
            return .held(Lease(key: key, holder: current, until: StoreCoding.date(end)))
        }
    }

    public func releaseLease(_ key: String, holder: String) async throws {
        try await writing("release lease \(key)") { db in
            try db.execute(sql: "DELETE FROM lease WHERE key = ? AND holder = ?", arguments: [key, holder])
        }
    }
}
