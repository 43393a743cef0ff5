import AIOpsCore
import Foundation
import SQLiteStore
import TestSupport
import Testing

/// A finding's consequences and its variables' values survive the store; a file of schema 1 is
/// migrated and its findings read with neither.
@Suite struct FindingDetailTests {
    @Test func consequencesAndValuesRoundTrip() async throws {
        let folder = try TemporaryDirectory("store")
        let store = try SQLiteIncidentStore(path: folder.file("store.sqlite").path)
        var incident = StoreFixtures.incident("inc-1")
        incident.findings[0].consequences = [StoreFixtures.finding(7), StoreFixtures.finding(8)]
        incident.findings[0].values = [
            Finding.VariableValues(position: 0, top: [.init(value: "HikariPool-1", count: 97)], distinct: 1),
            Finding.VariableValues(
                position: 1, top: [.init(value: "<script>x</script>", count: 2), .init(value: "∑", count: 1)],
                distinct: 40),
        ]
        try await store.save(incident)
        let read = try #require(try await store.incident(id: "inc-1"))
        #expect(read.findings == incident.findings)
        #expect(read.findings[1].consequences.isEmpty && read.findings[1].values.isEmpty)
        #expect(try await store.verify() == [])
        try store.close()
    }

    @Test func aSchemaOneFileIsMigratedAndItsFindingsReadWithoutDetail() async throws {
        // Back to schema 1: the migration's column and record removed, as an old build left it.
        let file = try await OldStoreFile(
            holding: StoreFixtures.incident("inc-1"), version: 1, forgetting: ["v3-finding-detail"],
            undo: ["ALTER TABLE finding DROP COLUMN detail"])
        let reopened = try SQLiteIncidentStore(path: file.path)
        let read = try #require(try await reopened.incident(id: "inc-1"))
        #expect(read.findings == StoreFixtures.incident("inc-1").findings)
        #expect(read.findings.allSatisfy { $0.consequences.isEmpty && $0.values.isEmpty })
        #expect(SQLiteIncidentStore.schemaVersion >= 3)
        try reopened.close()
    }
}
