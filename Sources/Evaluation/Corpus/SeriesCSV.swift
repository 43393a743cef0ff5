import AIOpsCore
public import Foundation

/// A `timestamp,value[,anomaly_score,…]` CSV: a NAB data file or a NAB results file.
public struct SeriesCSV: Sendable {
    public var timestamps: [Date]
    public var values: [Double]
    /// The `anomaly_score` column, when the file has one.
    public var scores: [Double]?

    public init(timestamps: [Date], values: [Double], scores: [Double]? = nil) {
        self.timestamps = timestamps
        self.values = values
        self.scores = scores
    }

    /// Reads `url`, requiring `timestamp` and `value` columns (and `anomaly_score` when
    /// `requireScores`) and finite numbers. Rows are kept in file order: NAB's
    /// files repeat a timestamp here and there, and one steps back an hour.
    public init(contentsOf url: URL, requireScores: Bool = false) throws(EvaluationError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw EvaluationError(.missingFile, "cannot read \(url.path)", underlying: error)
        }
        try self.init(text: String(decoding: data, as: UTF8.self), name: url.path, requireScores: requireScores)
    }

    /// Parses CSV `text`; `name` appears in error messages.
    public init(text: String, name: String, requireScores: Bool = false) throws(EvaluationError) {
        var text = text
        let parsed = text.withUTF8 { bytes in
            Result { () throws(EvaluationError) in try Self.parse(bytes, name: name, requireScores: requireScores) }
        }
        self = try parsed.get()
    }

    /// Parses byte by byte: NAB's corpus is 300,000 rows and string splitting was the bottleneck.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, requireScores: Bool)
        throws(EvaluationError) -> SeriesCSV
    {
        var lines = CSVLines(bytes)
        guard let header = lines.next() else {
            throw EvaluationError(.badCSV, "\(name): the file is empty; expected a `timestamp,value` header")
        }
        let headerText = String(decoding: header, as: UTF8.self)
        let columns = headerText.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let timeColumn = columns.firstIndex(of: "timestamp"), let valueColumn = columns.firstIndex(of: "value")
        else {
            throw EvaluationError(
                .badCSV, "\(name): the header is `\(headerText)`; expected columns `timestamp` and `value`")
        }
        let scoreColumn = columns.firstIndex(of: "anomaly_score")
        if requireScores, scoreColumn == nil {
            throw EvaluationError(.badCSV, "\(name): no `anomaly_score` column in the header `\(headerText)`")
        }
        var csv = SeriesCSV(timestamps: [], values: [], scores: scoreColumn == nil ? nil : [])
        var scores: [Double] = []
        var fields: [UnsafeBufferPointer<UInt8>] = []
        while let line = lines.next() {
            let lineNumber = lines.number
            fields.removeAll(keepingCapacity: true)
            var start = 0
            for i in 0...line.count where i == line.count || line[i] == UInt8(ascii: ",") {
                fields.append(UnsafeBufferPointer(rebasing: line[start..<i]))
                start = i + 1
            }
            func number(_ column: Int, _ label: String) throws(EvaluationError) -> Double {
                guard column < fields.count else {
                    throw EvaluationError(.badCSV, "\(name) line \(lineNumber): no \(label) (too few fields)")
                }
                let text = String(decoding: fields[column], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                guard let value = Double(text), value.isFinite else {
                    throw EvaluationError(
                        .badCSV, "\(name) line \(lineNumber): \(label) is `\(text)`, not a finite number")
                }
                return value
            }
            guard timeColumn < fields.count, let time = Timestamp.parse(bytes: Self.trimmed(fields[timeColumn])) else {
                throw EvaluationError(
                    .badCSV,
                    "\(name) line \(lineNumber): `\(String(decoding: line, as: UTF8.self))` has no timestamp like "
                        + "`2014-04-01 00:00:00` in column \(timeColumn + 1)")
            }
            csv.timestamps.append(time)
            csv.values.append(try number(valueColumn, "the value"))
            if let scoreColumn { scores.append(try number(scoreColumn, "anomaly_score")) }
        }
        if scoreColumn != nil { csv.scores = scores }
        return csv
    }

    private static func trimmed(_ field: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lower = 0
        var upper = field.count
        while lower < upper, field[lower] == 0x20 || field[lower] == 0x22 { lower += 1 }
        while upper > lower, field[upper - 1] == 0x20 || field[upper - 1] == 0x22 { upper -= 1 }
        return UnsafeBufferPointer(rebasing: field[lower..<upper])
    }
}

/// The non-empty lines of a CSV, without their `\r\n` or `\n`.
private struct CSVLines {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// The 1-based line number of the last line returned.
    var number = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func next() -> UnsafeBufferPointer<UInt8>? {
        while position < bytes.count {
            let start = position
            while position < bytes.count, bytes[position] != 0x0A { position += 1 }
            var end = position
            position += 1
            number += 1
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
            if end > start { return UnsafeBufferPointer(rebasing: bytes[start..<end]) }
        }
        return nil
    }
}
