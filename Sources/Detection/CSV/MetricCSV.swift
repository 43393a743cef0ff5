public import AIOpsCore
public import Foundation

/// Reads metric CSV files: a header row, a `timestamp` column (ISO 8601 or `YYYY-MM-DD HH:MM:SS`,
/// as in the Numenta Anomaly Benchmark) and numeric columns. Any problem is an error that names
/// the file, the line and the column.
public enum MetricCSV {
    /// The name of the required time column (matched case-insensitively).
    public static let timestampColumn = "timestamp"

    /// Reads `url`. `columns` picks the numeric columns, in that order; empty means every column
    /// but the timestamp. `displayName` names the file in errors (default: its path).
    public static func read(contentsOf url: URL, columns: [String] = [], displayName: String? = nil)
        throws(DetectionError) -> MetricTable
    {
        let name = displayName ?? url.path
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DetectionError(.io, "cannot read '\(name)': \(error.localizedDescription)", underlying: error)
        }
        return try parse(data, source: name, columns: columns)
    }

    /// Parses CSV bytes; `source` names them in errors.
    public static func parse(_ data: Data, source: String, columns: [String] = []) throws(DetectionError)
        -> MetricTable
    {
        let result: Result<MetricTable, DetectionError> = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            do throws(DetectionError) {
                return .success(try parse(bytes: bytes, source: source, columns: columns))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>, source: String, columns wanted: [String])
        throws(DetectionError) -> MetricTable
    {
        func fail(_ line: Int?, _ problem: String) -> DetectionError {
            DetectionError(.invalidCSV, line.map { "\(source):\($0): \(problem)" } ?? "\(source): \(problem)")
        }
        var reader = CSVRecordReader(bytes)
        var fields: [CSVRecordReader.Field] = []
        func nextRecord() throws(DetectionError) -> Int? {
            do {
                return try reader.next(into: &fields)
            } catch {
                throw fail(error.line, error.message)
            }
        }
        guard let headerLine = try nextRecord() else { throw fail(nil, "the file is empty (expected a header row)") }
        let header = fields.map { reader.text($0) }
        let layout = try ColumnLayout(header: header, wanted: wanted) { problem in fail(headerLine, problem) }

        var timestamps: [Date] = []
        var timestampTexts: [String] = []
        var values: [Double] = []
        values.reserveCapacity(bytes.count / 8)
        while let line = try nextRecord() {
            guard fields.count == header.count else {
                throw fail(
                    line, "expected \(header.count) fields (\(header.joined(separator: ","))), found \(fields.count)")
            }
            let stampField = fields[layout.timestamp]
            guard let date = Timestamp.parse(bytes: reader.trimmedBytes(stampField)) else {
                let text = reader.text(stampField)
                throw fail(
                    line,
                    text.isEmpty
                        ? "column '\(header[layout.timestamp])' is empty"
                        : "column '\(header[layout.timestamp])': '\(text)' is not a timestamp (expected ISO 8601 or YYYY-MM-DD HH:MM:SS)"
                )
            }
            timestamps.append(date)
            timestampTexts.append(reader.text(stampField))
            for column in layout.numeric {
                let text = reader.text(fields[column])
                guard !text.isEmpty else {
                    throw fail(line, "column '\(header[column])' is empty; every row needs a number in each column")
                }
                guard let value = Double(text) else {
                    throw fail(line, "column '\(header[column])': '\(text)' is not a number")
                }
                guard value.isFinite else {
                    throw fail(
                        line, "column '\(header[column])': '\(text)' is not a finite number; remove or fill the row")
                }
                values.append(value)
            }
        }
        guard !timestamps.isEmpty else { throw fail(nil, "the file has a header but no data rows") }
        let names = layout.numeric.map { header[$0] }
        return try MetricTable(
            source: source, timestamps: timestamps, timestampTexts: timestampTexts, columns: names,
            values: FeatureMatrix(values: values, columnCount: names.count))
    }
}

/// Which header positions hold the timestamp and the wanted numeric columns.
private struct ColumnLayout {
    var timestamp: Int
    var numeric: [Int]

    init(header: [String], wanted: [String], fail: (String) -> DetectionError) throws(DetectionError) {
        let listing = header.map { "'\($0)'" }.joined(separator: ", ")
        var seen = Set<String>()
        for name in header {
            guard !name.isEmpty else { throw fail("the header has an empty column name (columns: \(listing))") }
            guard seen.insert(name).inserted else { throw fail("the header names column '\(name)' twice") }
        }
        guard let timestamp = header.firstIndex(where: { $0.lowercased() == MetricCSV.timestampColumn }) else {
            throw fail("the header has no '\(MetricCSV.timestampColumn)' column (columns: \(listing))")
        }
        self.timestamp = timestamp
        if wanted.isEmpty {
            numeric = header.indices.filter { $0 != timestamp }
            guard !numeric.isEmpty else { throw fail("the file has no numeric column besides the timestamp") }
        } else {
            numeric = []
            for name in wanted {
                guard let index = header.firstIndex(of: name), index != timestamp else {
                    throw fail("no numeric column named '\(name)' (columns: \(listing))")
                }
                guard !numeric.contains(index) else { throw fail("column '\(name)' is asked for twice") }
                numeric.append(index)
            }
        }
    }
}
