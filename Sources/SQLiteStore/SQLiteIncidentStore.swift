public import AIOpsCore
import Foundation
import GRDB

/// The embedded `IncidentStore`: one SQLite file, written through GRDB.
///
/// The file is in WAL mode, so the dashboard's reads never wait for the agent's writes, with
/// `synchronous = FULL`: a write has reached the disk when the call returns, so an action claimed
/// before a reboot stays claimed even if the machine loses power right after (see docs/store.md).
/// Every call is one transaction, so a process killed at any moment leaves each write whole or absent.
public final class SQLiteIncidentStore: IncidentStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens the store at `path`, creating the file or upgrading its schema as needed.
    ///
    /// Throws an `AIOpsError` that says what is wrong and what to do when the folder is missing or
    /// not writable, the file is not an SQLite database or belongs to another program, or it was
    /// written by a newer schema than this build knows (`.unsupportedVersion`).
    public init(path: String) throws(AIOpsError) {
        self.path = path
        pool = try StoreOpener(path: path).open()
    }

    /// Copies the write-ahead log into the file and closes it, so the file alone is a complete
    /// copy (for a backup, say); later calls fail. Releasing the store closes it too.
    public func close() throws {
        do {
            // Best effort: with another process reading, the checkpoint is partial, not an error.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            try pool.close()
        } catch { throw StoreFailure.operating(path, doing: "close the store", error) }
    }

    /// The schema version of this build, also in the file's `PRAGMA user_version`.
    public static var schemaVersion: Int { StoreSchema.version }

    /// Saves many incidents in one transaction: for imports and for seeding benchmarks, where one
    /// disk sync per incident would dominate.
    public func save(contentsOf incidents: [Incident]) async throws {
        try await writing("save \(incidents.count) incidents") { db in
            for incident in incidents { try IncidentRows.save(incident, db) }
        }
    }

    /// Checks the file: SQLite's integrity check, its foreign keys, and that every incident has all
    /// of its findings and every finding all of its lines. Returns the problems found, none when
    /// the store is sound.
    public func verify() async throws -> [String] {
        try await reading("check the store") { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let orphans = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += orphans.map { "a row of \($0["table"] ?? "?") refers to a missing row: \($0)" }
            let partial = try String.fetchAll(
                db,
                sql: """
                    SELECT id FROM incident WHERE finding_count <> \
                    (SELECT count(*) FROM finding WHERE finding.incident_id = incident.id)
                    """)
            problems += partial.map { "incident \($0) does not have all of its findings" }
            let short = try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT incident_id FROM finding WHERE example_count <> (SELECT count(*) FROM finding_example \
                    WHERE finding_example.incident_id = finding.incident_id AND finding_example.position = finding.position)
                    """)
            problems += short.map { "a finding of incident \($0) does not have all of its example lines" }
            return problems
        }
    }

    /// The steps SQLite plans for a page of `incidents(matching:limit:cursor:)` and for the
    /// findings and example lines of its `limit` incidents: lets tests prove that listing reads
    /// index ranges only.
    package func queryPlan(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> [String] {
        let after = try cursor.map { encoded throws(AIOpsError) in try IncidentCursor(encoded: encoded) }
        let query = try IncidentQuery(filter: filter, limit: limit, after: after)
        let ids = (0..<limit).map { "inc-\($0)" }
        return try await reading("explain a query") { db in
            var plan = try query.plan(db)
            for sql in [IncidentRows.findingsSQL(count: ids.count), IncidentRows.examplesSQL(count: ids.count)] {
                plan += try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(ids))
                    .map { try $0.decode(String.self, forColumn: "detail") }
            }
            return plan
        }
    }

    /// The writer connection's journal mode, sync level and foreign-key switch, for tests.
    package func connectionSettings() async throws -> [String: String] {
        try await pool.writeWithoutTransaction { db in
            var settings: [String: String] = [:]
            for name in ["journal_mode", "synchronous", "foreign_keys"] {
                settings[name] = try String.fetchOne(db, sql: "PRAGMA \(name)")
            }
            return settings
        }
    }

    /// Runs `body` in a write transaction; errors become `AIOpsError`s naming what was being done.
    func writing<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { AIOpsMetrics.storeLatency(operation: "write", since: started) }
        do { return try await pool.write(body) } catch {
            throw StoreFailure.operating(path, doing: doing, error)
        }
    }

    /// Runs `body` on a snapshot of the database, concurrently with writes and other reads.
    func reading<T: Sendable>(_ doing: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let started = ContinuousClock.now
        defer { AIOpsMetrics.storeLatency(operation: "read", since: started) }
        do { return try await pool.read(body) } catch {
            throw StoreFailure.operating(path, doing: doing, error)
        }
    }
}
