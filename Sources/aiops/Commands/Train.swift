import ArgumentParser
import Detection
import Foundation

/// `aiops train`: grows an Isolation Forest on metric history and writes the model file.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train an Isolation Forest on metric history and write the model file.",
        discussion: """
            The CSV needs a header row, a 'timestamp' column (ISO 8601 or YYYY-MM-DD HH:MM:SS) and numeric \
            columns; every column but the timestamp is a feature unless --column picks some. The model file \
            is JSON (see docs/model-file.md); 'aiops score' uses it.
            """)

    @Option(name: .customLong("csv"), help: ArgumentHelp("The training data: a metric CSV file.", valueName: "file"))
    var csvPath: String?

    @Option(
        name: .customLong("column"),
        help: ArgumentHelp("A numeric column to train on (repeat for several; default: all).", valueName: "name"))
    var columns: [String] = []

    @Option(help: "The number of trees.")
    var trees = 100

    @Option(help: "The points each tree is grown on (ψ).")
    var sampleSize = 256

    @Option(
        help: ArgumentHelp(
            "'auto' (anomalous when score > 0.5) or the expected fraction of anomalies in the training data, in (0, 0.5].",
            valueName: "auto|fraction"))
    var contamination = "auto"

    @Option(help: "The random seed: the same seed and data give the same model.")
    var seed: UInt64 = 42

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the model file.", valueName: "model.json"))
    var outPath: String

    func validate() throws {
        guard csvPath != nil else { throw ValidationError("Give the training data with --csv FILE.") }
        guard trees >= 1 else { throw ValidationError("--trees must be at least 1.") }
        guard sampleSize >= 2 else { throw ValidationError("--sample-size must be at least 2.") }
    }

    func run() async throws {
        let source = try dataSource()
        let threshold = try Contamination(argument: contamination)
        let table = try await source.load()
        let model = try IsolationForestModel.train(
            table, parameters: IsolationForest.Parameters(trees: trees, sampleSize: sampleSize, seed: seed),
            contamination: threshold)
        try model.write(to: URL(fileURLWithPath: outPath))
        let anomalies = try model.scores(table.values).filter(model.isAnomaly(score:)).count
        let message =
            "trained on \(table.rowCount) rows of \(source.label) (features: \(table.columns.joined(separator: ", "))); "
            + "\(anomalies) training rows above the threshold \(model.threshold); model written to \(outPath)\n"
        FileHandle.standardError.write(Data(message.utf8))
    }

    /// The one data source the options name. Later sources (`--simulator`, `--instance-id`) are
    /// added here.
    private func dataSource() throws -> any TrainingDataSource {
        guard let csvPath else { throw ValidationError("Give the training data with --csv FILE.") }
        return CSVTrainingSource(path: csvPath, columns: columns)
    }
}
