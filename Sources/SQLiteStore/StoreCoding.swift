import AIOpsCore
import Foundation
import GRDB

/// How values become columns and back: times, JSON documents, enumerations, SQL shapes.
enum StoreCoding {
    /// A time as stored: seconds since 2001-01-01, `Date`'s own representation, so it round-trips exactly.
    static func time(_ date: Date) -> Double { date.timeIntervalSinceReferenceDate }

    static func date(_ seconds: Double) -> Date { Date(timeIntervalSinceReferenceDate: seconds) }

    /// Whole milliseconds since 1970, rounded as `IncidentCursor` rounds them: the incidents' sort key.
    static func millis(_ date: Date) throws(AIOpsError) -> Int64 {
        let millis = (date.timeIntervalSince1970 * 1000).rounded()
        // Int64(Double) traps outside its range: a date that far out is bad input, not a crash.
        guard millis.isFinite, abs(millis) < 9.0e15 else {
            throw AIOpsError(.invalidInput, "the date \(date) is out of the range the store keeps")
        }
        return Int64(millis)
    }

    /// JSON for nested values read only whole and rarely (an instance snapshot). Dates stay as
    /// `Date`'s own Double so they come back exactly; NaN and infinities are spelled out instead
    /// of failing.
    static func json(_ value: some Encodable) throws -> String {
        try StoreDocumentJSON.encode(value)
    }

    /// A decoder for what `json` wrote; make one per query and pass it along, not one per value.
    static func decoder() -> JSONDecoder { StoreDocumentJSON.decoder() }

    static func decode<T: Decodable>(_ type: T.Type, json: String, using decoder: JSONDecoder) throws -> T {
        try decoder.decode(type, from: Data(json.utf8))
    }

    /// `(?, ?, …)` with `count` placeholders, for `IN` lists.
    static func placeholders(_ count: Int) -> String {
        "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")"
    }

    /// `INSERT … ON CONFLICT (key) DO UPDATE` of every column: a replace that keeps the row (and so
    /// fires no delete cascade).
    static func upsert(_ table: String, _ columns: [String], key: [String]) -> String {
        let updates = columns.filter { !key.contains($0) }.map { "\($0) = excluded.\($0)" }
        return """
            INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
            VALUES (\(columns.map { ":" + $0 }.joined(separator: ", "))) \
            ON CONFLICT (\(key.joined(separator: ", "))) DO UPDATE SET \(updates.joined(separator: ", "))
            """
    }

    /// A plain `INSERT` of named parameters.
    static func insert(_ table: String, _ columns: [String]) -> String {
        """
        INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
        VALUES (\(columns.map { ":" + $0 }.joined(separator: ", ")))
        """
    }

    /// `INSERT … ON CONFLICT DO NOTHING`: a write that keeps the first copy.
    static func insertIgnoringDuplicates(_ table: String, _ columns: [String]) -> String {
        """
        INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
        VALUES (\(columns.map { ":" + $0 }.joined(separator: ", "))) ON CONFLICT DO NOTHING
        """
    }
}
