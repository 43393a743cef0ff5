import ArgumentParser
import Detection
import Foundation

/// `aiops score`: scores every row of a metric CSV with a trained model.
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score every row of a metric CSV with a trained model.",
        discussion: """
            Writes CSV with the header 'timestamp,score,is_anomaly' followed by the model's feature columns, \
            one row per input row, in input order. The score is in (0, 1], higher meaning more anomalous; \
            is_anomaly is 1 when the score is above the model's threshold.
            """)

    @Option(
        name: .customLong("model"), help: ArgumentHelp("The model file from 'aiops train'.", valueName: "model.json"))
    var modelPath: String

    @Option(
        name: .customLong("csv"),
        help: ArgumentHelp("The data to score: a metric CSV with the model's feature columns.", valueName: "file"))
    var csvPath: String

    @Option(
        name: .customLong("out"), help: ArgumentHelp("Write the scores here instead of to stdout.", valueName: "file"))
    var outPath: String?

    func run() async throws {
        let model = try IsolationForestModel.load(from: URL(fileURLWithPath: modelPath))
        let table = try MetricCSV.read(
            contentsOf: URL(fileURLWithPath: csvPath), columns: model.features, displayName: csvPath)
        let scores = try model.scores(table.values)
        let output = ScoreCSV(model: model, table: table, scores: scores)
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
