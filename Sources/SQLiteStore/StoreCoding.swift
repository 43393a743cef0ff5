import AIOpsCore
import Foundation
import GRDB

/// How values become columns and back: times, JSON documents, enumerations.
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

    /// JSON for the nested values kept in one column (an incident's first anomaly, its feedback, a
    /// snapshot). Dates stay as `Date`'s own Double so they come back exactly; NaN and infinities
    /// are spelled out instead of failing.
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, json: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "+Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return try decoder.decode(type, from: Data(json.utf8))
    }

    /// An enumeration's stored raw value, or a clear error naming the record that holds an unknown one.
    static func value<E: RawRepresentable<String>>(
        _ type: E.Type, _ row: Row, _ column: String, of record: @autoclosure () -> String
    ) throws -> E {
        let raw = try row.decode(String.self, forColumn: column)
        guard let value = E(rawValue: raw) else { throw StoreFailure.unreadable(column, raw, of: record()) }
        return value
    }

    /// A Double that may have been NaN when written (SQLite keeps NaN as NULL).
    static func double(_ row: Row, _ column: String) throws -> Double {
        try row.decode(Double?.self, forColumn: column) ?? .nan
    }

    /// The two columns of an expected band, or nil when either is missing.
    static func band(_ row: Row, _ low: String, _ high: String) throws -> ClosedRange<Double>? {
        guard let lower = try row.decode(Double?.self, forColumn: low),
            let upper = try row.decode(Double?.self, forColumn: high), lower <= upper
        else { return nil }
        return lower...upper
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

    /// `INSERT … ON CONFLICT DO NOTHING`: a write that keeps the first copy.
    static func insertIgnoringDuplicates(_ table: String, _ columns: [String]) -> String {
        """
        INSERT INTO \(table) (\(columns.joined(separator: ", "))) \
        VALUES (\(columns.map { ":" + $0 }.joined(separator: ", "))) ON CONFLICT DO NOTHING
        """
    }
}
