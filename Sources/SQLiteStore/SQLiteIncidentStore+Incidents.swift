public import AIOpsCore
import Foundation
import GRDB

extension SQLiteIncidentStore {
    /// Inserts or replaces an incident and its findings, in one transaction.
    public func save(_ incident: Incident) async throws {
        _ = try await writing("save incident \(incident.id)") { db in try IncidentRows.save(incident, db) }
    }

    /// One write transaction: SQLite's single writer makes compare-and-write atomic across
    /// threads and processes sharing the file.
    public func saveIfUnchanged(_ incident: Incident) async throws -> Incident? {
        try await writing("save incident \(incident.id) at version \(incident.version)") { db in
            guard try IncidentRows.save(incident, db, expected: incident.version) else { return nil }
            var stored = incident
            stored.version += 1
            return stored
        }
    }

    public func incident(id: String) async throws -> Incident? {
        try await reading("read incident \(id)") { db in
            let sql = "SELECT \(IncidentRows.columns.sql) FROM incident WHERE id = ?"
            return try IncidentRows.fetch(db, sql: sql, arguments: [id]).first
        }
    }

    public func openIncident(instanceID: String, metric: MetricName?) async throws -> Incident? {
        let query = IncidentQuery.unresolved(instanceID: instanceID, metric: metric)
        return try await reading("look up the open incident of \(instanceID)") { db in
            try IncidentRows.fetch(db, sql: query.sql, arguments: query.arguments).first
        }
    }

    /// Newest first, by keyset pagination: the cursor is `IncidentCursor`'s, as in memory, and
    /// a page reads `limit + 1` rows from an index whatever the number of incidents.
    public func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident> {
        try await page(matching: filter, limit: limit, cursor: cursor, findings: true)
    }

    /// The page without findings: two queries and most of the rows fewer, for the dashboard's list.
    public func incidentSummaries(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws
        -> Page<Incident>
    {
        try await page(matching: filter, limit: limit, cursor: cursor, findings: false)
    }

    private func page(matching filter: IncidentFilter, limit: Int, cursor: String?, findings: Bool) async throws
        -> Page<Incident>
    {
        guard limit > 0 else {
            throw AIOpsError(.invalidInput, "the page size must be at least 1, not \(limit)")
        }
        let after = try cursor.map { encoded throws(AIOpsError) in try IncidentCursor(encoded: encoded) }
        // One row more than asked tells whether another page follows.
        let query = try IncidentQuery(filter: filter, limit: limit < Int.max ? limit + 1 : limit, after: after)
        let rows = try await reading("list incidents") { db in
            try IncidentRows.fetch(db, sql: query.sql, arguments: query.arguments, findings: findings)
        }
        let page = Array(rows.prefix(limit))
        let next = rows.count > limit ? page.last.map { IncidentCursor(incident: $0).encoded } : nil
        return Page(items: page, nextCursor: next)
    }
}
