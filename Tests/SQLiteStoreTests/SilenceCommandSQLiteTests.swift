import AIOpsCore
import Foundation
import SQLiteStore
import TestSupport
import Testing

/// `aiops silence add|list|expire --db FILE` as real processes on one SQLite file.
@Suite struct SilenceCommandSQLiteTests {
    @Test func addListExpireOnASQLiteFile() async throws {
        let folder = try TemporaryDirectory("silence-cli")
        let db = folder.file("aiops.sqlite").path
        let id = try SilenceCLI.roundTrip(["--db", db], environment: [:])
        // Audited in the file, by the CLI's actor.
        let store = try SQLiteIncidentStore(path: db)
        let trail = try await store.audit(incidentID: nil, limit: 10)
        #expect(trail.map(\.action).sorted() == ["silence", "silence", "unsilence"])
        #expect(trail.allSatisfy { $0.actor.hasPrefix("cli:") })
        #expect(try await store.silence(id: id)?.expiredBy?.hasPrefix("cli:") == true)
        try store.close()
    }
}
