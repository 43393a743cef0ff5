import AIOpsCore
import ArgumentParser
import Detection
import Foundation

/// `aiops train`: builds a model from metric history and writes the model file.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a detector on metric history and write the model file.",
        discussion: """
            The CSV needs a header row, a 'timestamp' column (ISO 8601 or YYYY-MM-DD HH:MM:SS) and numeric \
            columns. --detector picks what is trained: 'isolation-forest' (the default) grows an Isolation \
            Forest on every column but the timestamp unless --column picks some; 'seed' grows the seed's forest \
            on one column (value, or the one --column names); a streaming detector ('default', 'adaptive') \
            is warmed on that column's rows in time order and saved with its parameters and state, so \
            'aiops score' and the agent carry on where the history ends. The model file is JSON (see \
            docs/model-file.md).
            """)

    @Option(name: .customLong("csv"), help: ArgumentHelp("The training data: a metric CSV file.", valueName: "file"))
    var csvPath: String?

    @Option(
        name: .customLong("instance-id"),
        help: ArgumentHelp("The training data: this EC2 instance's history in CloudWatch.", valueName: "id"))
    var instanceID: String?

    @Option(
        parsing: .unconditional, help: ArgumentHelp("Days of CloudWatch history (with --instance-id).", valueName: "n"))
    var days = 14

    @Option(help: ArgumentHelp("The CloudWatch metric (with --instance-id).", valueName: "name"))
    var metric = "CPUUtilization"

    @Option(
        help: ArgumentHelp(
            "What to train: isolation-forest, seed, or a streaming detector (\(Self.streamingNames.joined(separator: ", "))).",
            valueName: "name"))
    var detector = IsolationForestModel.isolationForestKind

    @Option(
        name: .customLong("column"),
        help: ArgumentHelp("A numeric column to train on (repeat for several; default: all).", valueName: "name"))
    var columns: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("The number of trees (forests only).", valueName: "n"))
    var trees: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("The points each tree is grown on, ψ (forests only).", valueName: "n"))
    var sampleSize: Int?

    @Option(
        help: ArgumentHelp(
            "'auto' (anomalous when score > 0.5) or the expected fraction of anomalies in the training data, in (0, 0.5] (forests only).",
            valueName: "auto|fraction"))
    var contamination: String?

    @Option(parsing: .unconditional, help: "The random seed: the same seed and data give the same model.")
    var seed: UInt64 = 42

    @Option(name: .customLong("out"), help: ArgumentHelp("Where to write the model file.", valueName: "model.json"))
    var outPath: String

    /// The catalogue's detectors that a model file can hold.
    static var streamingNames: [String] {
        DetectorCatalog.names.filter {
            DetectorCatalog.make($0, context: DetectorContext(trainingPoints: 10)) is any PersistentDetector
        }
    }

    private var isForest: Bool { IsolationForestModel.forestKinds.contains(detector) }

    func validate() throws {
        guard (csvPath == nil) != (instanceID == nil) else {
            throw ValidationError("Give the training data with --csv FILE or --instance-id ID (one of them).")
        }
        guard (1...455).contains(days) else { throw ValidationError("--days must be between 1 and 455.") }
        guard isForest || Self.streamingNames.contains(detector) else {
            throw ValidationError(
                "unknown detector '\(detector)'; use one of \((IsolationForestModel.forestKinds + Self.streamingNames).joined(separator: ", "))."
            )
        }
        if let trees, trees < 1 { throw ValidationError("--trees must be at least 1.") }
        if let sampleSize, sampleSize < 2 { throw ValidationError("--sample-size must be at least 2.") }
        if !isForest, trees != nil || sampleSize != nil || contamination != nil {
            throw ValidationError("--trees, --sample-size and --contamination apply to forests, not to '\(detector)'.")
        }
        if detector != IsolationForestModel.isolationForestKind, columns.count > 1 {
            throw ValidationError("'\(detector)' reads one column; give at most one --column.")
        }
    }

    func run() async throws {
        if let csvPath { try FileAccess.checkReadableFile(csvPath, "the CSV file") }
        try FileAccess.checkWritableFile(outPath, "the model file")
        let source = try dataSource()
        let table = try await source.load()
        let message: String
        if isForest {
            let model = try trainForest(table)
            try model.write(to: URL(fileURLWithPath: outPath))
            let anomalies = try model.scores(table.values).filter(model.isAnomaly(score:)).count
            message =
                "trained on \(table.rowCount) rows of \(source.label) (\(model.kind); features: \(table.columns.joined(separator: ", "))); "
                + "\(anomalies) training rows above the threshold \(model.threshold); model written to \(outPath)\n"
        } else {
            let model = try warmStreamingDetector(table)
            try DetectorModel.streaming(model).write(to: URL(fileURLWithPath: outPath))
            message =
                "warmed \(detector) on \(table.rowCount) rows of \(source.label) (column \(table.columns[0])); "
                + "threshold \(model.threshold); model written to \(outPath)\n"
        }
        FileHandle.standardError.write(Data(message.utf8))
    }

    private func trainForest(_ table: MetricTable) throws -> IsolationForestModel {
        var model = try IsolationForestModel.train(
            table,
            parameters: IsolationForest.Parameters(trees: trees ?? 100, sampleSize: sampleSize ?? 256, seed: seed),
            contamination: try Contamination(argument: contamination ?? "auto"))
        model.kind = detector
        return model
    }

    private func warmStreamingDetector(_ table: MetricTable) throws -> StreamingModel {
        let context = DetectorContext(trainingPoints: table.rowCount, seed: seed)
        guard let fresh = DetectorCatalog.make(detector, context: context) as? any PersistentDetector else {
            throw ValidationError("'\(detector)' cannot be saved in a model file")
        }
        // In time order, as the agent would have seen them (a CSV may be sorted otherwise).
        let points = (0..<table.rowCount).map {
            MetricPoint(timestamp: table.timestamps[$0], value: table.values[$0, 0])
        }.sorted { $0.timestamp < $1.timestamp }
        return try StreamingModel.warm(fresh, on: points)
    }

    /// The one data source the options name. Later sources (`--simulator`, `--instance-id`) are
    /// added here.
    private func dataSource() throws -> any TrainingDataSource {
        if let instanceID {
            return try AdapterTrainingSources.cloudWatch(instanceID: instanceID, metric: metric, days: days)
        }
        guard let csvPath else { throw ValidationError("Give the training data with --csv FILE.") }
        let picked = detector == IsolationForestModel.isolationForestKind ? columns : [columns.first ?? "value"]
        return CSVTrainingSource(path: csvPath, columns: picked)
    }
}
