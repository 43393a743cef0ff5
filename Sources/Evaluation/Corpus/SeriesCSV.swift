public import AIOpsCore
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

    /// Parses byte by byte, through the shared RFC 4180 reader: NAB's corpus is 300,000 rows and
    /// string splitting was the bottleneck.
    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, requireScores: Bool)
        throws(EvaluationError) -> SeriesCSV
    {
        var reader = CSVRecordReader(bytes)
        var fields: [CSVRecordReader.Field] = []
        func nextRecord() throws(EvaluationError) -> Int? {
            do { return try reader.next(into: &fields) } catch {
                throw EvaluationError(.badCSV, "\(name) line \(error.line): \(error.message)")
            }
        }
        guard try nextRecord() != nil else {
            throw EvaluationError(.badCSV, "\(name): the file is empty; expected a `timestamp,value` header")
        }
        let headerText = reader.recordText
        let columns = fields.map { reader.text($0).lowercased() }
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
        while let lineNumber = try nextRecord() {
            func number(_ column: Int, _ label: String) throws(EvaluationError) -> Double {
                guard column < fields.count else {
                    throw EvaluationError(.badCSV, "\(name) line \(lineNumber): no \(label) (too few fields)")
                }
                let text = reader.text(fields[column])
                guard let value = Double(text), value.isFinite else {
                    throw EvaluationError(
                        .badCSV, "\(name) line \(lineNumber): \(label) is `\(text)`, not a finite number")
                }
                return value
            }
            guard timeColumn < fields.count, let time = Timestamp.parse(bytes: reader.trimmedBytes(fields[timeColumn]))
            else {
                throw EvaluationError(
                    .badCSV,
                    "\(name) line \(lineNumber): `\(reader.recordText)` has no timestamp like "
                        + "`2014-04-01 00:00:00` in column \(timeColumn + 1)")
            }
            csv.timestamps.append(time)
            csv.values.append(try number(valueColumn, "the value"))
            if let scoreColumn { scores.append(try number(scoreColumn, "anomaly_score")) }
        }
        if scoreColumn != nil { csv.scores = scores }
        return csv
    }
}
