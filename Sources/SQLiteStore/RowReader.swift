import AIOpsCore
import Foundation
import GRDB

/// The columns a query selects, in order, with their positions resolved once.
///
/// Rows are read by position: GRDB's lookup by name lowercases both names on every call, which
/// cost more than the query itself when a page of incidents was decoded.
struct ColumnList: Sendable {
    let names: [String]
    private let positions: [String: Int]

    init(_ names: [String]) {
        self.names = names
        positions = Dictionary(names.enumerated().map { ($1, $0) }) { first, _ in first }
    }

    /// `a, b, c`, for a SELECT.
    var sql: String { names.joined(separator: ", ") }

    func position(_ name: String) throws -> Int {
        guard let position = positions[name] else {
            throw AIOpsError(.internalFailure, "the store's query does not select the column \(name)")
        }
        return position
    }
}

/// Reads the columns of one row by name, through the positions of its `ColumnList`.
struct RowReader {
    let row: Row
    let columns: ColumnList
    /// Names the record in errors, e.g. `incident inc-1`.
    var record: String = "a row"

    func string(_ name: String) throws -> String { try row.decode(String.self, atIndex: try columns.position(name)) }

    func optionalString(_ name: String) throws -> String? {
        try row.decode(String?.self, atIndex: try columns.position(name))
    }

    func int(_ name: String) throws -> Int { try row.decode(Int.self, atIndex: try columns.position(name)) }

    func bool(_ name: String) throws -> Bool { try row.decode(Bool.self, atIndex: try columns.position(name)) }

    func optionalDouble(_ name: String) throws -> Double? {
        try row.decode(Double?.self, atIndex: try columns.position(name))
    }

    /// A Double that may have been NaN when written (SQLite keeps NaN as NULL).
    func double(_ name: String) throws -> Double { try optionalDouble(name) ?? .nan }

    func date(_ name: String) throws -> Date {
        StoreCoding.date(try row.decode(Double.self, atIndex: try columns.position(name)))
    }

    func optionalDate(_ name: String) throws -> Date? { try optionalDouble(name).map(StoreCoding.date) }

    /// The two columns of an expected band, or nil when either is missing.
    func band(_ low: String, _ high: String) throws -> ClosedRange<Double>? {
        guard let lower = try optionalDouble(low), let upper = try optionalDouble(high), lower <= upper else {
            return nil
        }
        return lower...upper
    }

    /// An enumeration's stored raw value, or a clear error naming the record that holds an unknown one.
    func value<E: RawRepresentable<String>>(_ type: E.Type, _ name: String) throws -> E {
        let raw = try string(name)
        guard let value = E(rawValue: raw) else { throw StoreFailure.unreadable(name, raw, of: record) }
        return value
    }

    /// Runs `sql` (selecting `columns`) and reads each row with `read`, without copying rows.
    static func fetch<T>(
        _ db: Database, _ sql: String, _ arguments: StatementArguments, _ columns: ColumnList,
        _ read: (RowReader) throws -> T
    ) throws -> [T] {
        let rows = try Row.fetchCursor(try db.cachedStatement(sql: sql), arguments: arguments)
        var results: [T] = []
        while let row = try rows.next() { results.append(try read(RowReader(row: row, columns: columns))) }
        return results
    }
}
