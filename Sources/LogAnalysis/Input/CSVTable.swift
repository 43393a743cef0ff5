public import AIOpsCore

/// A CSV document (RFC 4180: quoted fields may hold commas, quotes written twice and line breaks),
/// read whole. The first record is the header.
public struct CSVTable: Sendable {
    public var header: [String]
    /// The data records, in order; each has as many fields as the header.
    public var rows: [[String]]

    /// Parses CSV text. Throws on an unterminated quoted field or a row whose width differs from
    /// the header's, naming the line.
    public init(parsing text: String) throws(LogAnalysisError) {
        var text = text
        let parsed = text.withUTF8 { bytes in
            Result { () throws(LogAnalysisError) in try Self.records(bytes) }
        }
        let (kept, keptLines) = try parsed.get()
        guard let header = kept.first else {
            throw LogAnalysisError(.malformedCSV, "CSV: the file is empty (no header row)")
        }
        for (index, record) in kept.enumerated().dropFirst() where record.count != header.count {
            throw LogAnalysisError(
                .malformedCSV,
                "CSV: line \(keptLines[index]) has \(record.count) fields but the header has \(header.count)")
        }
        self.header = header
        self.rows = Array(kept.dropFirst())
    }

    /// The records with the line each starts on; fields keep their spaces, as they are data.
    private static func records(_ bytes: UnsafeBufferPointer<UInt8>) throws(LogAnalysisError) -> ([[String]], [Int]) {
        var reader = CSVRecordReader(bytes)
        var fields: [CSVRecordReader.Field] = []
        var records: [[String]] = []
        var lines: [Int] = []
        while true {
            let line: Int?
            do { line = try reader.next(into: &fields) } catch {
                let problem =
                    switch error.kind {
                    case .unclosedQuote: "the quoted field opened on line \(error.line) is never closed"
                    case .textAfterClosingQuote: "line \(error.line): \(error.message)"
                    }
                throw LogAnalysisError(.malformedCSV, "CSV: \(problem)")
            }
            guard let line else { break }
            let record = fields.map { reader.text($0, trimmed: false) }
            // A quoted empty field alone on a line is no record, as a blank line is not.
            if record.count == 1 && record[0].isEmpty { continue }
            records.append(record)
            lines.append(line)
        }
        return (records, lines)
    }

    /// The values of the column named `name`, one per data row.
    public func column(_ name: String) throws(LogAnalysisError) -> [String] {
        guard let index = header.firstIndex(of: name) else {
            let known = header.map { "\"\($0)\"" }.joined(separator: ", ")
            throw LogAnalysisError(.missingColumn, "CSV has no column \"\(name)\"; its columns are \(known)")
        }
        return rows.map { $0[index] }
    }
}
