import AIOpsCore
import ArgumentParser
import Composition
import Detection
import Evaluation
import Foundation
import LogAnalysis
import Logging

/// `aiops backtest`: replays recorded metrics and logs through the whole pipeline in dry run.
struct BacktestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract:
            "Replay recorded metrics and logs through the whole pipeline, in dry run, and report what it would have done.",
        discussion: """
            Metrics: one CSV (timestamp,value) per instance and metric, as <metrics>/<instance-id>/<Metric>.csv \
            or <metrics>/<instance-id>_<Metric>.csv. Logs: one text file per instance, <logs>/<instance-id>.log, \
            each line '<timestamp> <message>' (lines without a timestamp continue the one before). Labels: a JSON \
            array of {"instance_id", "start", "end", "kind"}. The first quarter of the recording (at most 14 \
            days) warms the detectors up; the rest is replayed cycle by cycle on a virtual clock: detect, \
            analyze the logs, escalate, alert, remediate (dry run: nothing is touched). See docs/backtest.md.
            """)

    @Option(help: ArgumentHelp("Folder of recorded metric CSVs.", valueName: "dir"))
    var metrics: String

    @Option(help: ArgumentHelp("Folder of recorded log files, one per instance.", valueName: "dir"))
    var logs: String?

    @Option(help: ArgumentHelp("Labelled faults, to score precision, recall and time to detect.", valueName: "file"))
    var labels: String?

    @Option(help: ArgumentHelp("Where to write the JSON report.", valueName: "out.json"))
    var report: String

    @Option(help: "The detector every series is scored with (\(DetectorCatalog.names.joined(separator: ", "))).")
    var detector: String = DetectorCatalog.defaultName

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Seconds between datapoints (default: the recording's spacing).", valueName: "s"))
    var period: Int?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Hours at the start that only warm the detectors up (default: a quarter of the recording).",
            valueName: "h"))
    var warmupHours: Double?

    @Option(
        name: .customLong("metric"),
        help: ArgumentHelp("A metric to score (repeat; default: all but StatusCheckFailed).", valueName: "name"))
    var scored: [String] = []

    func validate() throws {
        if let period, period < 1 { throw ValidationError("--period must be at least 1 second (got \(period)).") }
        if let warmupHours, !(warmupHours >= 0) {
            throw ValidationError("--warmup-hours must be ≥ 0 (got \(warmupHours)).")
        }
        guard DetectorCatalog.names.contains(detector) else {
            throw ValidationError(
                "unknown detector `\(detector)`; known: \(DetectorCatalog.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        if let labels { try FileAccess.checkReadableFile(labels, "the labels file") }
        try FileAccess.checkWritableFile(report, "the report", createsFolder: true)
        let recording = try Recording.load(
            metrics: URL(fileURLWithPath: metrics), logs: logs.map { URL(fileURLWithPath: $0) })
        try checkSomethingToReplay(recording)
        let faults = try labels.map { try FaultLabels.load(URL(fileURLWithPath: $0)) }
        var options = Backtest.Options()
        options.detector = detector
        options.period = period
        options.warmup = warmupHours.map { $0 * 3600 }
        if !scored.isEmpty { options.metrics = scored.map { MetricName($0) } }
        let logger = LogSetup.current.logger(label: "aiops.backtest", level: .warning, stream: .standardError)
        let progress = ProgressReporter(label: "backtest")
        let result = try await Backtest(recording: recording, labels: faults, options: options).run(
            analyzer: RootCauseAnalyzer(), logger: logger
        ) { done, total in
            if done == total || done % max(total / 20, 1) == 0 { progress.update(done: done, total: total, item: "") }
        }
        progress.finish()
        guard result.input.cycles > 0 else {
            throw CLIError("the replay ran no cycle: nothing after the warm-up to replay (see --warmup-hours)")
        }
        do {
            // The report's folder is made if missing, as `evaluate` makes its results folder:
            // failing here would throw away the whole replay.
            let url = URL(fileURLWithPath: report)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try result.encoded().write(to: url, options: .atomic)
        } catch {
            throw CLIError(
                "cannot write the report to '\(report)': \(FileAccess.describe(error, path: report, writing: true))")
        }
        print(BacktestSummary.render(result))
        print("wrote the report to \(report)")
    }

    /// A replay that would do nothing is an error, not an empty report: a metric the recording
    /// lacks, or a warm-up that covers the whole recording.
    private func checkSomethingToReplay(_ recording: Recording) throws {
        let recorded = recording.metrics.map(\.rawValue)
        let unknown = scored.filter { !recorded.contains($0) }
        if !unknown.isEmpty {
            throw CLIError(
                "the recording has no metric \(unknown.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "(recorded: \(recorded.joined(separator: ", "))): nothing to replay")
        }
        if let warmupHours, let span = recording.span {
            let hours = span.upperBound.timeIntervalSince(span.lowerBound) / 3600
            if warmupHours >= hours {
                throw CLIError(
                    "--warmup-hours \(warmupHours) covers the whole recording (\(String(format: "%.1f", hours)) h): "
                        + "nothing is left to replay; give fewer hours")
            }
        }
    }
}
