public import Foundation

/// A time series table: one timestamp and one or more numeric features per row, e.g. a metric CSV.
public struct MetricTable: Sendable {
    /// Where the table came from (a file path), for messages.
    public var source: String
    public var timestamps: [Date]
    /// The timestamps as written in the input, to echo them unchanged in output.
    public var timestampTexts: [String]
    /// The feature names, in `values`' column order.
    public var columns: [String]
    public var values: FeatureMatrix

    public init(
        source: String, timestamps: [Date], timestampTexts: [String], columns: [String], values: FeatureMatrix
    ) throws(DetectionError) {
        guard timestamps.count == values.rowCount, timestampTexts.count == values.rowCount,
            columns.count == values.columnCount
        else {
            throw DetectionError(
                .invalidInput,
                "\(source): \(timestamps.count) timestamps and \(columns.count) column names for \(values.rowCount) rows of \(values.columnCount) columns"
            )
        }
        self.source = source
        self.timestamps = timestamps
        self.timestampTexts = timestampTexts
        self.columns = columns
        self.values = values
    }

    public var rowCount: Int { values.rowCount }
}
