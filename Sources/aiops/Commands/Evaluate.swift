import ArgumentParser
import Detection
import Evaluation
import Foundation

/// `aiops evaluate`: runs a detector over a corpus of CSVs and scores it as the Numenta Anomaly
/// Benchmark does.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a detector over every timestamp,value CSV of a corpus and score it as NAB does.",
        discussion: """
            Writes <results-dir>/<detector>/<category>/<detector>_<name>.csv (timestamp,value,anomaly_score). \
            With --labels (NAB's combined_windows.json) prints per-file and total normalised scores for the \
            three profiles. With --score-only, scores results already in <results-dir>/<detector> instead of \
            running a detector (e.g. NAB's published results). Detectors: \(DetectorCatalog.names.joined(separator: ", ")).
            """)

    @Option(help: "Folder of timestamp,value CSVs, searched at any depth.")
    var corpus: String?

    @Option(help: "The detector to run, or the results folder to score with --score-only.")
    var detector: String = DetectorCatalog.defaultName

    @Option(help: "NAB windows file (combined_windows.json) to score against.")
    var labels: String?

    @Option(
        help:
            "The profile whose threshold the report's detections use: standard, reward_low_FP_rate, reward_low_FN_rate."
    )
    var profile: String = NABProfile.standard.name

    @Option(help: "Where results are written (or read, with --score-only).")
    var resultsDir: String

    @Option(help: "Write an HTML report with a chart per file and the score table.")
    var report: String?

    @Flag(help: "Score the results already in <results-dir>/<detector> without running a detector.")
    var scoreOnly = false

    @Flag(
        help:
            "With --labels, also score each category with the threshold optimised on the others: does a change generalise?"
    )
    var crossValidate = false

    @Option(
        help: ArgumentHelp(
            "Discard every detector at this interval of the series' time (e.g. 6h, 90m) and rebuild it as a cold function does, from the history it could read.",
            valueName: "duration"))
    var restartEvery: String?

    @Option(help: "JSON parameters for the adaptive detector (AdaptiveConfiguration), for experiments.")
    var detectorConfig: String?

    func validate() throws {
        guard NABProfile.named(profile) != nil else {
            throw ValidationError(
                "unknown profile `\(profile)`; use one of \(NABProfile.all.map(\.name).joined(separator: ", "))")
        }
        if scoreOnly, labels == nil, report == nil {
            throw ValidationError("--score-only needs --labels (to score) or --report (to chart)")
        }
        if !scoreOnly, corpus == nil { throw ValidationError("--corpus is required unless --score-only is given") }
        if let restartEvery {
            guard !scoreOnly else { throw ValidationError("--restart-every runs a detector: not with --score-only") }
            _ = try Demo.parseDuration(restartEvery)
        }
    }

    func run() async throws {
        if let labels { try FileAccess.checkReadableFile(labels, "the labels file") }
        if let report { try FileAccess.checkWritableFile(report, "the report") }
        if scoreOnly {
            try FileAccess.checkReadableFolder(resultsDir, "the results folder")
        } else {
            try FileAccess.checkWritableFolder(resultsDir, "the results folder")
        }
        let resultsRoot = URL(fileURLWithPath: resultsDir)
        let labelSet = try labels.map { try NABLabels(contentsOf: URL(fileURLWithPath: $0)) }
        let progress = ProgressReporter(label: "evaluate \(detector)")
        let runs: [FileRun]
        if scoreOnly {
            runs = try RunScoring.loadResults(resultsRoot: resultsRoot, detector: detector)
        } else {
            let files = try CorpusFile.all(under: URL(fileURLWithPath: corpus ?? "."))
            guard !files.isEmpty else { throw ValidationError("no .csv file under \(corpus ?? ".")") }
            let factory = try makeFactory()
            let runner = CorpusRunner(
                detector: detector, factory: factory, resultsRoot: resultsRoot,
                restartEvery: try restartEvery.map(Demo.parseDuration))
            progress.update(done: 0, total: files.count, item: "")
            runs = try await runner.run(files) { done, total, key in
                progress.update(done: done, total: total, item: key)
            }
            progress.finish()
            print("wrote \(runs.count) results files under \(resultsRoot.appendingPathComponent(detector).path)")
        }
        var scores: [NABProfileScore] = []
        if let labelSet {
            scores = try RunScoring.score(runs, labels: labelSet)
            print(ScoreTable.render(detector: detector, scores: scores))
            if crossValidate {
                print(
                    ScoreTable.render(
                        detector: detector, crossValidation: try RunScoring.crossValidate(runs, labels: labelSet)))
            }
        }
        if let report {
            let chosen = scores.first { $0.profile.name == profile }
            let html = HTMLReport(detector: detector, runs: runs, scores: scores, chosen: chosen, labels: labelSet)
                .render()
            do { try Data(html.utf8).write(to: URL(fileURLWithPath: report), options: .atomic) } catch {
                throw EvaluationError(.ioFailure, "cannot write the report to \(report)", underlying: error)
            }
            print("wrote the report to \(report)")
        }
    }

    private func makeFactory() throws -> CorpusRunner.Factory {
        let name = detector
        guard DetectorCatalog.names.contains(name) else {
            throw EvaluationError(
                .unknownDetector,
                "unknown detector `\(name)`; known: \(DetectorCatalog.names.joined(separator: ", ")) "
                    + "(to score existing results, pass --score-only)")
        }
        guard let detectorConfig else { return { DetectorCatalog.make(name, context: $0) } }
        guard ["default", "adaptive"].contains(name) else {
            throw ValidationError(
                "--detector-config applies to the adaptive detector (default, adaptive), not `\(name)`")
        }
        let configuration: AdaptiveConfiguration
        do {
            configuration = try JSONDecoder().decode(
                AdaptiveConfiguration.self, from: Data(contentsOf: URL(fileURLWithPath: detectorConfig)))
        } catch {
            throw EvaluationError(
                .badModel, "cannot read detector parameters from \(detectorConfig)", underlying: error)
        }
        return { context in
            var configuration = configuration
            configuration.warmup = max(configuration.warmup, context.trainingPoints)
            return AdaptiveDetector(name: name, configuration: configuration)
        }
    }
}
