public import Foundation

/// What the model was trained on: enough to tell, later, whether new data looks like it.
public struct TrainingSummary: Sendable, Hashable {
    /// One feature's statistics over the training rows.
    public struct Feature: Sendable, Hashable, Codable {
        public var name: String
        public var min: Double
        public var max: Double
        public var mean: Double
        /// Population standard deviation (divides by n).
        public var std: Double

        public init(name: String, min: Double, max: Double, mean: Double, std: Double) {
            self.name = name
            self.min = min
            self.max = max
            self.mean = mean
            self.std = std
        }
    }

    public var rows: Int
    /// The earliest and latest timestamps, when the data had them.
    public var start: Date?
    public var end: Date?
    public var features: [Feature]

    public init(rows: Int, start: Date?, end: Date?, features: [Feature]) {
        self.rows = rows
        self.start = start
        self.end = end
        self.features = features
    }

    /// The statistics of `matrix`, whose columns are named `names`.
    public init(matrix: FeatureMatrix, names: [String], timestamps: [Date]) {
        rows = matrix.rowCount
        start = timestamps.min()
        end = timestamps.max()
        features = names.enumerated().map { column, name in
            var low = Double.infinity
            var high = -Double.infinity
            var sum = 0.0
            for row in 0..<matrix.rowCount {
                let value = matrix[row, column]
                low = Swift.min(low, value)
                high = Swift.max(high, value)
                sum += value
            }
            let mean = matrix.rowCount > 0 ? sum / Double(matrix.rowCount) : 0
            var squares = 0.0
            for row in 0..<matrix.rowCount {
                let delta = matrix[row, column] - mean
                squares += delta * delta
            }
            let std = matrix.rowCount > 0 ? (squares / Double(matrix.rowCount)).squareRoot() : 0
            return Feature(name: name, min: low, max: high, mean: mean, std: std)
        }
    }
}
