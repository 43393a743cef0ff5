public import AIOpsCore
public import Foundation
import GRDB

extension SQLiteIncidentStore {
    public func createApproval(_ approval: Approval) async throws -> Bool {
        let body = try StoreCoding.json(approval)
        return try await writing("create approval \(approval.id)") { db in
            try db.execute(
                sql: "INSERT INTO approval (id, state, expires_at, body) VALUES (?, ?, ?, ?) "
                    + "ON CONFLICT (id) DO NOTHING",
                arguments: [approval.id, approval.state.rawValue, StoreCoding.time(approval.expiresAt), body])
            return db.changesCount > 0
        }
    }

    public func approval(id: String) async throws -> Approval? {
        try await reading("read approval \(id)") { db in
            try String.fetchOne(db, sql: "SELECT body FROM approval WHERE id = ?", arguments: [id])
                .map { try StoreCoding.decode(Approval.self, json: $0, using: StoreCoding.decoder()) }
        }
    }

    public func pendingApprovals(limit: Int) async throws -> [Approval] {
        try await reading("read the pending approvals") { db in
            let decoder = StoreCoding.decoder()
            return try String.fetchAll(
                db,
                sql: "SELECT body FROM approval WHERE state = 'pending' ORDER BY expires_at, id LIMIT ?",
                arguments: [max(0, limit)]
            )
            .map { try StoreCoding.decode(Approval.self, json: $0, using: decoder) }
        }
    }

    /// One `UPDATE … WHERE state = 'pending'`: SQLite's single writer makes the first answer the
    /// one kept, across processes.
    public func settleApproval(_ settled: Approval) async throws -> ApprovalSettlement {
        let body = try StoreCoding.json(settled)
        return try await writing("settle approval \(settled.id)") { db in
            try db.execute(
                sql: "UPDATE approval SET state = ?, body = ? WHERE id = ? AND state = 'pending'",
                arguments: [settled.state.rawValue, body, settled.id])
            if db.changesCount > 0 { return .settled(settled) }
            guard
                let stored = try String.fetchOne(
                    db, sql: "SELECT body FROM approval WHERE id = ?", arguments: [settled.id])
            else { return .missing }
            return .alreadySettled(try StoreCoding.decode(Approval.self, json: stored, using: StoreCoding.decoder()))
        }
    }
}
