/// A CSV document (RFC 4180: quoted fields may hold commas, quotes written twice and line breaks),
/// read whole. The first record is the header.
public struct CSVTable: Sendable {
    public var header: [String]
    /// The data records, in order; each has as many fields as the header.
    public var rows: [[String]]

    /// Parses CSV text. Throws on an unterminated quoted field or a row whose width differs from
    /// the header's, naming the line.
    public init(parsing text: String) throws(LogAnalysisError) {
        var records: [[String]] = []
        var recordLines: [Int] = []
        var field: [UInt8] = []
        var record: [String] = []
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldStart = 0
        var fieldStarted = false
        let bytes = Array(text.utf8)
        var i = 0
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            fieldStarted = false
        }
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(c)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c)
                }
            } else {
                switch c {
                case UInt8(ascii: "\"") where !fieldStarted:
                    inQuotes = true
                    fieldStarted = true
                    quotedFieldStart = line
                case UInt8(ascii: ","):
                    endField()
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    if c == UInt8(ascii: "\r"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    endField()
                    records.append(record)
                    recordLines.append(recordLine)
                    record.removeAll()
                    line += 1
                    recordLine = line
                default:
                    field.append(c)
                    fieldStarted = true
                }
            }
            i += 1
        }
        if inQuotes {
            throw LogAnalysisError(
                .malformedCSV, "CSV: the quoted field opened on line \(quotedFieldStart) is never closed")
        }
        if fieldStarted || !record.isEmpty {
            endField()
            records.append(record)
            recordLines.append(recordLine)
        }
        // A blank line is no record (a trailing newline, or an empty line between rows).
        var kept: [[String]] = []
        var keptLines: [Int] = []
        for (record, line) in zip(records, recordLines) where !(record.count == 1 && record[0].isEmpty) {
            kept.append(record)
            keptLines.append(line)
        }
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

    /// The values of the column named `name`, one per data row.
    public func column(_ name: String) throws(LogAnalysisError) -> [String] {
        guard let index = header.firstIndex(of: name) else {
            let known = header.map { "\"\($0)\"" }.joined(separator: ", ")
            throw LogAnalysisError(.missingColumn, "CSV has no column \"\(name)\"; its columns are \(known)")
        }
        return rows.map { $0[index] }
    }
}
