import AIOpsCore
import Foundation
import GRDB
import SQLiteStore
import TestSupport
import Testing

/// Opening a file the store cannot use gives an error that says why, never a crash.
@Suite struct StoreOpeningTests {
    func openingError(_ path: String) -> AIOpsError? {
        #expect(throws: AIOpsError.self) { try SQLiteIncidentStore(path: path) }
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let folder = try TemporaryDirectory("store")
        let text = String(repeating: "incident,instance,metric\n", count: 400)
        let file = try folder.write("notes.csv", text)
        let error = openingError(file.path)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("is not an SQLite database") == true)
        #expect(try String(contentsOf: file, encoding: .utf8) == text, "the file is left as it was")
    }

    @Test func refusesAStoreOfANewerSchema() async throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        try SQLiteIncidentStore(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2-something-new')")
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        try queue.close()
        let error = openingError(path)
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("newer version of aiops") == true)
        #expect(error?.message.contains("schema version 2") == true)
        #expect(error?.message.contains("v2-something-new") == true)
    }

    @Test func refusesAStoreWhoseVersionAloneIsNewer() throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        try SQLiteIncidentStore(path: path).close()
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "PRAGMA user_version = 8") }
        try queue.close()
        #expect(openingError(path)?.code == .unsupportedVersion)
    }

    /// Schema 1 changed shape once before any release; a file of that development layout is
    /// named as such instead of failing on its first read.
    @Test func refusesAStoreOfAWithdrawnDevelopmentSchema() async throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-initial')")
            try db.execute(sql: "CREATE TABLE incident (id TEXT PRIMARY KEY, anomaly TEXT)")
            try db.execute(sql: "PRAGMA application_id = \(0x4149_4F50)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        try queue.close()
        let error = openingError(path)
        #expect(error?.code == .unsupportedVersion)
        #expect(error?.message.contains("development build") == true)
    }

    @Test func refusesAnotherProgramsDatabase() throws {
        let folder = try TemporaryDirectory("store")
        let tables = folder.file("tables.sqlite").path
        let other = try DatabaseQueue(path: tables)
        try other.write { db in try db.execute(sql: "CREATE TABLE customer (id INTEGER PRIMARY KEY)") }
        try other.close()
        let error = openingError(tables)
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("belongs to another program") == true)
        #expect(error?.message.contains("customer") == true)

        let tagged = folder.file("tagged.sqlite").path
        let app = try DatabaseQueue(path: tagged)
        try app.write { db in try db.execute(sql: "PRAGMA application_id = 42") }
        try app.close()
        #expect(openingError(tagged)?.message.contains("application id is 42") == true)
    }

    @Test func namesTheLocationProblem() throws {
        let folder = try TemporaryDirectory("store")
        let missing = openingError(folder.file("no/such/folder/store.sqlite").path)
        #expect(missing?.code == .invalidInput)
        #expect(missing?.message.contains("does not exist") == true)
        #expect(openingError(folder.url.path)?.message.contains("is a folder") == true)
        #expect(openingError("")?.code == .invalidInput)
        // Not writable even by root: SQLite's own error, mapped.
        let unwritable = openingError("/proc/aiops-store-test.sqlite")
        #expect(unwritable?.code == .unavailable)
        #expect(unwritable?.message.contains("/proc/aiops-store-test.sqlite") == true)
    }

    @Test func marksTheFileAsAnAIOpsStore() async throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        let store = try SQLiteIncidentStore(path: path)
        let settings = try await store.connectionSettings()
        #expect(settings["journal_mode"] == "wal")
        #expect(settings["synchronous"] == "2", "FULL")
        #expect(settings["foreign_keys"] == "1")
        try store.close()
        let queue = try DatabaseQueue(path: path)
        let (version, application) = try await queue.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"), try Int.fetchOne(db, sql: "PRAGMA application_id"))
        }
        #expect(version == SQLiteIncidentStore.schemaVersion)
        #expect(application == 0x4149_4F50)
        try queue.close()
        // Reopening a current store migrates nothing and keeps working.
        try SQLiteIncidentStore(path: path).close()
    }

    /// A file of schema 3 (before incident versions) opens, gains the column, keeps its incidents
    /// at version 0, and takes their first conditional write.
    @Test func migratesASchema3FileToIncidentVersions() async throws {
        let incident = StoreFixtures.incident("inc-old", status: .open)
        let file = try await OldStoreFile(
            holding: incident, version: 3,
            forgetting: ["v4-incident-version", "v5-silences", "v6-incident-correlation", "v7-approvals"],
            undo: [
                "ALTER TABLE incident DROP COLUMN version",
                // What later migrations added goes too, so the file is as schema 3 left it.
                "DROP TABLE silence", "ALTER TABLE incident DROP COLUMN silenced",
                "ALTER TABLE incident DROP COLUMN correlation", "DROP TABLE approval",
            ])
        let path = file.path

        let reopened = try SQLiteIncidentStore(path: path)
        #expect(try await reopened.incident(id: "inc-old") == incident)
        #expect(try await reopened.incident(id: "inc-old")?.version == 0)
        var acknowledged = incident
        acknowledged.status = .acknowledged
        #expect(try await reopened.saveIfUnchanged(acknowledged)?.version == 1)
        #expect(try await reopened.saveIfUnchanged(incident) == nil, "the copy read before is refused")
        try reopened.close()
        let version = try await DatabaseQueue(path: path).read { db in
            try Int.fetchOne(db, sql: "PRAGMA user_version")
        }
        #expect(version == SQLiteIncidentStore.schemaVersion)
    }

    /// Overwritten pages: the store reports the damage as errors or problems, and does not crash.
    @Test func reportsADamagedFile() async throws {
        let folder = try TemporaryDirectory("store")
        let path = folder.file("store.sqlite").path
        do {
            let store = try SQLiteIncidentStore(path: path)
            try await store.save(contentsOf: (0..<300).map { StoreFixtures.incident("inc-\($0)", findings: 4) })
            try store.close()
        }
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.seek(toOffset: size / 3)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: Int(size / 3)))
        try handle.close()

        var detected = false
        do {
            let store = try SQLiteIncidentStore(path: path)
            detected = try await !store.verify().isEmpty
            _ = try await store.incidents(matching: IncidentFilter(), limit: 500, cursor: nil)
        } catch let error as AIOpsError {
            detected = true
            #expect(error.message.contains(path))
        }
        #expect(detected)
    }
}
