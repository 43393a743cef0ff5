import AIOpsCore
import Foundation
import GRDB

/// Opens a store file: checks what it is, refuses what it cannot safely use, migrates the rest.
struct StoreOpener {
    var path: String

    func open() throws(AIOpsError) -> DatabasePool {
        try checkLocation()
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            // FULL: in WAL mode NORMAL (which GRDB sets on the writer when it enables WAL) already
            // survives a killed process, but a power cut could roll back the last commits, e.g. an
            // action claimed just before the reboot it guards. Only the writer's setting matters.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try migrate(pool)
            return pool
        } catch {
            throw StoreFailure.opening(path, error)
        }
    }

    private var configuration: Configuration {
        var configuration = Configuration()
        configuration.label = "aiops-store"
        // Another process (a second agent, the dashboard, the CLI) may hold the write lock for a
        // moment; wait for it rather than failing the write.
        configuration.busyMode = .timeout(10)
        return configuration
    }

    /// Names the folder or file problem before SQLite reports a bare "unable to open".
    private func checkLocation() throws(AIOpsError) {
        guard !path.isEmpty else { throw AIOpsError(.invalidInput, "the store needs a file path; none was given") }
        let files = FileManager.default
        var isFolder: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue {
                throw AIOpsError(.invalidInput, "\(path) is a folder; give the store a file path inside it")
            }
            return
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard files.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw AIOpsError(.invalidInput, "cannot create the store at \(path): the folder \(folder) does not exist")
        }
    }

    /// Checks that the file is this program's, with a schema no newer than this build's, then
    /// applies the migrations it lacks.
    private func migrate(_ pool: DatabasePool) throws {
        let migrator = StoreSchema.migrator
        // Two processes opening a new file at once both see it unmigrated; the loser's migration
        // fails on tables that now exist. A second pass sees them applied and does nothing.
        for attempt in 1...2 {
            do {
                try pool.read { db in try checkCompatible(db, migrator) }
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError where attempt == 1 && error.resultCode != .SQLITE_NOTADB {
                continue
            }
        }
    }

    private func checkCompatible(_ db: Database, _ migrator: DatabaseMigrator) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let applied = try migrator.appliedIdentifiers(db)
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        let foreign = "\(path) belongs to another program"
        if applicationID != 0 && applicationID != StoreSchema.applicationID {
            throw AIOpsError(
                .invalidInput,
                "\(foreign) (its SQLite application id is \(applicationID)); point the store at another file")
        }
        if !tables.isEmpty && !applied.contains(migrator.migrations[0]) {
            throw AIOpsError(
                .invalidInput,
                "\(foreign): it holds tables (\(tables.prefix(5).joined(separator: ", "))) that aiops did not "
                    + "create; point the store at another file")
        }
        let unknown = applied.subtracting(migrator.migrations).sorted()
        if !unknown.isEmpty || userVersion > StoreSchema.version {
            let names = unknown.isEmpty ? "" : " (migrations \(unknown.joined(separator: ", ")))"
            throw AIOpsError(
                .unsupportedVersion,
                "the store at \(path) was written by a newer version of aiops: schema version \(userVersion)\(names), "
                    + "but this build knows schema versions up to \(StoreSchema.version); upgrade aiops to use "
                    + "it, or point this one at another file")
        }
    }
}
