public import AIOpsCore
public import Foundation
import GRDB

extension SQLiteIncidentStore {
    public func createSilence(_ silence: Silence) async throws -> Bool {
        let body = try StoreCoding.json(silence)
        return try await writing("create silence \(silence.id)") { db in
            try db.execute(
                sql: "INSERT INTO silence (id, expires_at, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                arguments: [silence.id, StoreCoding.time(silence.expiresAt), body])
            return db.changesCount > 0
        }
    }

    public func silence(id: String) async throws -> Silence? {
        try await reading("read silence \(id)") { db in
            try String.fetchOne(db, sql: "SELECT body FROM silence WHERE id = ?", arguments: [id])
                .map { try StoreCoding.decode(Silence.self, json: $0, using: StoreCoding.decoder()) }
        }
    }

    public func silences(expiringAfter now: Date) async throws -> [Silence] {
        try await reading("read the silences") { db in
            let decoder = StoreCoding.decoder()
            return try String.fetchAll(
                db, sql: "SELECT body FROM silence WHERE expires_at > ? ORDER BY expires_at, id",
                arguments: [StoreCoding.time(now)]
            )
            .map { try StoreCoding.decode(Silence.self, json: $0, using: decoder) }
        }
    }

    /// Read and rewritten in one write transaction: SQLite's single writer makes the first ending
    /// the one kept, across processes.
    public func expireSilence(id: String, by: String, at: Date) async throws -> Silence? {
        try await writing("expire silence \(id)") { db in
            guard let body = try String.fetchOne(db, sql: "SELECT body FROM silence WHERE id = ?", arguments: [id])
            else { return nil }
            var silence = try StoreCoding.decode(Silence.self, json: body, using: StoreCoding.decoder())
            guard silence.expiredAt == nil else { return silence }
            silence.expiredAt = at
            silence.expiredBy = by
            try db.execute(
                sql: "UPDATE silence SET body = ? WHERE id = ?", arguments: [try StoreCoding.json(silence), id])
            return silence
        }
    }
}
