import AIOpsCore
import ArgumentParser
import Detection
import Foundation

/// `aiops score`: scores every row of a metric CSV with a trained model.
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score every row of a metric CSV with a trained model.",
        discussion: """
            Writes CSV with the header 'timestamp,score,is_anomaly' followed by the model's feature columns, \
            one row per input row, in input order. The score is in [0, 1], higher meaning more anomalous. \
            An Isolation Forest model (kind isolation-forest or seed) scores each row on its own; is_anomaly \
            is 1 when the score is above the model's threshold. A streaming detector's model (e.g. from \
            'aiops train --detector default') resumes from its saved state and streams the rows in order; \
            is_anomaly is 1 at or above the threshold, and three more columns explain each row: \
            expected_low, expected_high (the band it expected the value in) and driving_feature.
            """)

    @Option(
        name: .customLong("model"), help: ArgumentHelp("The model file from 'aiops train'.", valueName: "model.json"))
    var modelPath: String

    @Option(
        name: .customLong("csv"),
        help: ArgumentHelp("The data to score: a metric CSV with the model's feature columns.", valueName: "file"))
    var csvPath: String

    @Option(
        name: .customLong("column"),
        help: ArgumentHelp(
            "The column a streaming detector's model reads (default: value).", valueName: "name"))
    var column: String?

    @Option(
        name: .customLong("out"), help: ArgumentHelp("Write the scores here instead of to stdout.", valueName: "file"))
    var outPath: String?

    func run() async throws {
        try FileAccess.checkReadableFile(modelPath, "the model file")
        try FileAccess.checkReadableFile(csvPath, "the CSV file")
        if let outPath { try FileAccess.checkWritableFile(outPath, "the scores file") }
        let output: ScoreCSV
        switch try DetectorModel.load(from: URL(fileURLWithPath: modelPath)) {
        case .forest(let model):
            guard column == nil else {
                throw ValidationError("--column applies to streaming detectors; this model reads \(model.features)")
            }
            let table = try MetricCSV.read(
                contentsOf: URL(fileURLWithPath: csvPath), columns: model.features, displayName: csvPath)
            let outputs = try model.scores(table.values).map {
                DetectorOutput(score: $0, isAnomaly: model.isAnomaly(score: $0))
            }
            output = ScoreCSV(table: table, outputs: outputs, explained: false)
        case .streaming(let model):
            let table = try MetricCSV.read(
                contentsOf: URL(fileURLWithPath: csvPath), columns: [column ?? "value"], displayName: csvPath)
            var detector = model.detector
            let outputs = (0..<table.rowCount).map { row in
                detector.observe(MetricPoint(timestamp: table.timestamps[row], value: table.values[row, 0]))
            }
            output = ScoreCSV(table: table, outputs: outputs, explained: true)
        }
        if let outPath {
            let url = URL(fileURLWithPath: outPath)
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw CLIError("cannot create '\(outPath)'")
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try output.write(to: handle)
        } else {
            try output.write(to: FileHandle.standardOutput)
        }
    }
}
