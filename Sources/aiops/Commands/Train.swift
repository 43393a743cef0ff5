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
            columns. --detector picks what is trained: 'default' (the agent's own detector, chosen unless a \
            forest option says otherwise) and the other streaming detectors are warmed on one column's rows \
            (value, or the one --column names) in time order and saved with their parameters and state, so \
            'aiops score' and the agent carry on where the history ends; 'isolation-forest' (implied by \
            --trees, --sample-size, --contamination or several --column) grows an Isolation Forest on every \
            column but the timestamp unless --column picks some; 'seed' grows the seed's forest on one column. The model file is JSON (see \
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
        name: .customLong("detector"),
        help: ArgumentHelp(
            "What to train: a streaming detector (\(Self.streamingNames.joined(separator: ", "))), isolation-forest "
                + "or seed (default: \(DetectorCatalog.defaultName), or isolation-forest with a forest option).",
            valueName: "name"))
    var detectorName: String?

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

    /// The detector to train: the one named, else a forest when a forest's option is given, else the
    /// agent's own (an Isolation Forest with `auto` contamination flags half the points of many real series).
    var detector: String {
        if let detectorName { return detectorName }
        let forestOptions = trees != nil || sampleSize != nil || contamination != nil || columns.count > 1
        return forestOptions ? IsolationForestModel.isolationForestKind : DetectorCatalog.defaultName
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
                + Self.overeagerWarning(anomalies: anomalies, rows: table.rowCount, contamination: contamination)
        } else {
            let model = try warmStreamingDetector(table)
            try DetectorModel.streaming(model).write(to: URL(fileURLWithPath: outPath))
            message =
                "warmed \(detector) on \(table.rowCount) rows of \(source.label) (column \(table.columns[0])); "
                + "threshold \(model.threshold); model written to \(outPath)\n"
        }
        FileHandle.standardError.write(Data(message.utf8))
    }

    /// A forest with `auto` contamination that flags much of its own training data would page on as
    /// much of the live series: say so, and what to do.
    static func overeagerWarning(anomalies: Int, rows: Int, contamination: String?) -> String {
        guard rows > 0, contamination == nil || contamination == "auto" else { return "" }
        let fraction = Double(anomalies) / Double(rows)
        guard fraction > 0.1 else { return "" }
        return "warning: \(Int((fraction * 100).rounded()))% of the training rows score as anomalous with "
            + "contamination 'auto', so this model would flag about as many live points. Train the agent's own "
            + "detector (--detector default), or give --contamination with the fraction of anomalies you "
            + "expect (0.01, say).\n"
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
