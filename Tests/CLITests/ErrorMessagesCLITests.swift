import Foundation
import TestSupport
import Testing

/// The errors a person meets first, as real processes: each names the cause and exits non-zero,
/// with no Foundation error text, no echoed control characters and counts that agree with nouns.
@Suite struct ErrorMessagesCLITests {
    static let fixture = BacktestCommandTests.fixture

    /// A small valid metric CSV.
    static func series(_ folder: TemporaryDirectory, rows: Int = 50) throws -> URL {
        var text = "timestamp,value\n"
        for i in 0..<rows { text += "2026-01-01T\(String(format: "%02d:%02d", i * 5 / 60, i * 5 % 60)):00Z,\(i % 7)\n" }
        return try folder.write("series.csv", text)
    }

    static func expectFailure(
        _ result: ProcessResult, status: Int32 = 1, mentioning words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == status, "\(result.stderr)", sourceLocation: sourceLocation)
        for word in words {
            #expect(result.stderr.contains(word), "'\(word)' not in: \(result.stderr)", sourceLocation: sourceLocation)
        }
        for noise in ["NSCocoaErrorDomain", "The operation could not be completed", "Missing value"] {
            #expect(!result.stderr.contains(noise), "\(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test func filesAndFoldersAreNamedWithWhatIsWrong() throws {
        let folder = try TemporaryDirectory("cli-files")
        let csv = try Self.series(folder).path
        let missingFolder = folder.file("no-such-folder").path

        Self.expectFailure(
            try Subprocess.aiops(["train", "--csv", folder.url.path, "--out", folder.file("m.json").path]),
            mentioning: ["the CSV file '\(folder.url.path)'", "it is a folder, not a file"])
        Self.expectFailure(
            try Subprocess.aiops(["train", "--csv", csv, "--out", missingFolder + "/m.json"]),
            mentioning: ["the model file", "the folder '\(missingFolder)' does not exist"])
        #expect(!FileManager.default.fileExists(atPath: missingFolder))
        Self.expectFailure(
            try Subprocess.aiops(["score", "--model", folder.file("nope.json").path, "--csv", csv]),
            mentioning: ["the model file", "nope.json", "no such file"])
        Self.expectFailure(
            try Subprocess.aiops(["mine-logs", "--input", folder.url.path, "--out", folder.file("t.csv").path]),
            mentioning: ["the input file", "it is a folder, not a file"])
        Self.expectFailure(
            try Subprocess.aiops(["mine-logs", "--input", csv, "--column", "value", "--out", missingFolder + "/t.csv"]),
            mentioning: ["the templates file", "the folder '\(missingFolder)' does not exist"])

        Self.expectFailure(
            try Subprocess.aiops([
                "evaluate", "--score-only", "--labels", folder.file("windows.json").path,
                "--results-dir", folder.url.path,
            ]),
            mentioning: ["the labels file", "windows.json", "no such file"])

        let blocker = try folder.write("a-file", "not a folder")
        _ = try folder.write("corpus/c/x.csv", "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,2\n")
        Self.expectFailure(
            try Subprocess.aiops([
                "evaluate", "--corpus", folder.file("corpus").path, "--results-dir", blocker.path + "/results",
            ]),
            mentioning: ["the results folder", "'\(blocker.path)' is a file, not a folder"])
        Self.expectFailure(
            try Subprocess.aiops(["export-simulation", "--out", blocker.path + "/out"]),
            mentioning: ["the output folder", "'\(blocker.path)' is a file, not a folder"])
        Self.expectFailure(
            try Subprocess.aiops([
                "backtest", "--metrics", Self.fixture.appendingPathComponent("metrics").path,
                "--labels", folder.file("labels.json").path, "--report", folder.file("r.json").path,
            ]),
            mentioning: ["the labels file", "labels.json", "no such file"])
        Self.expectFailure(
            try Subprocess.aiops([
                "backtest", "--metrics", Self.fixture.appendingPathComponent("metrics").path,
                "--report", blocker.path + "/r.json",
            ]),
            mentioning: ["the report", "'\(blocker.path)' is a file, not a folder"])
        // Before the demo trains or serves anything: it would only fail at the very end.
        Self.expectFailure(
            try Subprocess.aiops(["demo", "--report", missingFolder + "/demo.json", "--port", "1"], timeout: 60),
            mentioning: ["the report", "the folder '\(missingFolder)' does not exist"])
    }

    @Test func numbersOutOfRangeAreNamedAsSuch() throws {
        let folder = try TemporaryDirectory("cli-range")
        let metrics = Self.fixture.appendingPathComponent("metrics").path
        Self.expectFailure(
            try Subprocess.aiops([
                "backtest", "--metrics", metrics, "--report", folder.file("r.json").path, "--warmup-hours", "-1",
            ]), status: 64, mentioning: ["--warmup-hours must be ≥ 0 (got -1.0)"])
        Self.expectFailure(
            try Subprocess.aiops([
                "backtest", "--metrics", metrics, "--report", folder.file("r.json").path, "--period", "-300",
            ]), status: 64, mentioning: ["--period must be at least 1 second"])
        Self.expectFailure(
            try Subprocess.aiops(["export-simulation", "--out", folder.file("x").path, "--hours", "-5"]),
            status: 64, mentioning: ["--hours must be between 4 and 744"])
        Self.expectFailure(
            try Subprocess.aiops(["export-simulation", "--out", folder.file("x").path, "--log-lines", "-1"]),
            status: 64, mentioning: ["--log-lines must be ≥ 0"])
        Self.expectFailure(
            try Subprocess.aiops(["train", "--csv", try Self.series(folder).path, "--trees", "-3", "--out", "m.json"]),
            status: 64, mentioning: ["--trees must be at least 1"])
        Self.expectFailure(
            try Subprocess.aiops(["export-simulation", "--out", folder.file("x").path, "--seed", "-1"]),
            status: 64, mentioning: ["'-1' is invalid for '--seed"])
    }

    @Test func aBacktestThatWouldReplayNothingSaysSoAndFails() throws {
        let folder = try TemporaryDirectory("cli-nothing")
        let metrics = Self.fixture.appendingPathComponent("metrics").path
        let report = folder.file("r.json")
        Self.expectFailure(
            try Subprocess.aiops([
                "backtest", "--metrics", metrics, "--report", report.path, "--warmup-hours", "40",
            ]), mentioning: ["--warmup-hours 40.0 covers the whole recording", "nothing is left to replay"])
        Self.expectFailure(
            try Subprocess.aiops([
                "backtest", "--metrics", metrics, "--report", report.path, "--metric", "Bogus",
            ]), mentioning: ["no metric 'Bogus'", "recorded: CPUUtilization", "nothing to replay"])
        #expect(!FileManager.default.fileExists(atPath: report.path))
    }

    @Test func binaryInputIsNotEchoedToTheTerminal() throws {
        let folder = try TemporaryDirectory("cli-binary")
        var bytes = Data("\u{1B}[2J\u{1B}]0;owned\u{07}".utf8)
        bytes.append(
            contentsOf: (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }.filter {
                ![10, 13, 34, 44].contains($0)
            })
        let garbage = folder.file("garbage.csv")
        try bytes.write(to: garbage)
        let result = try Subprocess.aiops(["train", "--csv", garbage.path, "--out", folder.file("m.json").path])
        Self.expectFailure(result, mentioning: ["garbage.csv", "\\u{1B}[2J", "more characters)"])
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.unicodeScalars.count < 700 })
    }

    @Test func countsAgreeWithTheirNouns() throws {
        let folder = try TemporaryDirectory("cli-plurals")
        let log = try folder.write("one.log", "connection from 10.0.0.1 closed\n")
        let mined = try Subprocess.aiops(["mine-logs", "--input", log.path, "--out", folder.file("t.csv").path])
        #expect(mined.status == 0, "\(mined.stderr)")
        #expect(mined.stderr.contains("mined 1 line into 1 template;"), "\(mined.stderr)")

        // One instance of the recorded example: "1 instance", and every "N anomaly/anomalies" agrees.
        let one = folder.file("one")
        let instance = "i-04b9a0cfb767421481"
        try FileManager.default.createDirectory(at: one, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.fixture.appendingPathComponent("metrics/\(instance)"), to: one.appendingPathComponent(instance))
        let replay = try Subprocess.aiops([
            "backtest", "--metrics", one.path, "--report", folder.file("r.json").path, "--warmup-hours", "24",
        ])
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("replayed 1 instance, "), "\(replay.stdout)")
        for text in ["instance(s)", "incident(s)", "alert(s)", "remediation(s)", "1 anomalies", "1 cycles"] {
            #expect(!replay.stdout.contains(text), "\(replay.stdout)")
        }
        let counted = try Regex(#"(\d+) (anomaly|anomalies)\b"#)
        for match in replay.stdout.matches(of: counted) {
            let number = Int(match.output[1].substring ?? "") ?? -1
            #expect((number == 1) == (match.output[2].substring == "anomaly"), "\(match.output[0].substring ?? "")")
        }
    }
}
