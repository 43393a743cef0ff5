import Detection
import Foundation

/// Where `aiops train` gets its history. The CSV file is one source; later ones (the simulator,
/// CloudWatch) conform too, and `Train` picks one from its options.
protocol TrainingDataSource: Sendable {
    /// What the data is, for the summary line, e.g. `data.csv` or `i-0abc (CloudWatch, 14 days)`.
    var label: String { get }
    /// Loads the training rows.
    func load() async throws -> MetricTable
}

/// Training data from a metric CSV file.
struct CSVTrainingSource: TrainingDataSource {
    var path: String
    /// The numeric columns to train on; empty means all but the timestamp.
    var columns: [String]

    var label: String { path }

    func load() async throws -> MetricTable {
        try MetricCSV.read(contentsOf: URL(fileURLWithPath: path), columns: columns, displayName: path)
    }
}
