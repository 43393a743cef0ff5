import AIOpsCore
import GRDB
import SQLiteStore
import TestSupport

/// A store file holding one incident as an older build left it: saved by this build, then taken
/// back to schema `version` (`undo` drops what the later migrations added, the migrations are
/// forgotten, `user_version` is set back).
struct OldStoreFile {
    let folder: TemporaryDirectory
    let path: String

    init(holding incident: Incident, version: Int, forgetting migrations: [String], undo: [String]) async throws {
        folder = try TemporaryDirectory("store")
        path = folder.file("store.sqlite").path
        let store = try SQLiteIncidentStore(path: path)
        try await store.save(incident)
        try store.close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            for statement in undo { try db.execute(sql: statement) }
            for migration in migrations {
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [migration])
            }
            try db.execute(sql: "PRAGMA user_version = \(version)")
        }
        try queue.close()
    }
}
