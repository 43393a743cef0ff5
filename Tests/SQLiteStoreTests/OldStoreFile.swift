import AIOpsCore
import GRDB
import SQLiteStore
import TestSupport

/// A store file holding one incident as an older build left it: saved by this build, then taken
/// back a schema version (the migration's column dropped, the migration forgotten, `user_version`
/// set back).
struct OldStoreFile {
    let folder: TemporaryDirectory
    let path: String

    init(holding incident: Incident, before migration: String, drop column: String, of table: String, version: Int)
        async throws
    {
        folder = try TemporaryDirectory("store")
        path = folder.file("store.sqlite").path
        let store = try SQLiteIncidentStore(path: path)
        try await store.save(incident)
        try store.close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "ALTER TABLE \(table) DROP COLUMN \(column)")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [migration])
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
        try queue.close()
    }
}
