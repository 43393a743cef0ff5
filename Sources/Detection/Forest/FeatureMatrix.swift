/// Rows of numeric features, stored row-major in one array: the input of training and scoring.
public struct FeatureMatrix: Sendable, Hashable {
    /// `rowCount × columnCount` values, row after row.
    public private(set) var values: [Double]
    public let columnCount: Int

    /// The matrix over `values` (row-major). Fails when `values` is not a whole number of rows of
    /// `columnCount` columns, or when a value is NaN or infinite.
    public init(values: [Double], columnCount: Int) throws(DetectionError) {
        guard columnCount > 0 else {
            throw DetectionError(.invalidInput, "a feature matrix needs at least one column")
        }
        guard values.count % columnCount == 0 else {
            throw DetectionError(
                .invalidInput, "\(values.count) values do not fill whole rows of \(columnCount) columns")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DetectionError(
                .invalidInput,
                "row \(bad / columnCount + 1), column \(bad % columnCount + 1) is \(values[bad]); every value must be a finite number"
            )
        }
        self.values = values
        self.columnCount = columnCount
    }

    /// A one-column matrix.
    public init(column: [Double]) throws(DetectionError) {
        try self.init(values: column, columnCount: 1)
    }

    public var rowCount: Int { values.count / columnCount }

    /// The value at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        values[row * columnCount + column]
    }

    /// One row, copied out.
    public func row(_ index: Int) -> [Double] {
        Array(values[index * columnCount..<(index + 1) * columnCount])
    }

    /// One column, copied out.
    public func column(_ index: Int) -> [Double] {
        stride(from: index, to: values.count, by: columnCount).map { values[$0] }
    }
}
