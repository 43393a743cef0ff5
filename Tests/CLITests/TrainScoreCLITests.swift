import Foundation
import TestSupport
import Testing

/// `aiops train` and `aiops score` as a person runs them: real processes, real NAB files.
@Suite struct TrainScoreCLITests {
    static let nab = ReferenceData.folder(.nab).appendingPathComponent("data")
    static let taxi = nab.appendingPathComponent("realKnownCause/nyc_taxi.csv").path
    static let jumps = nab.appendingPathComponent("artificialWithAnomaly/art_daily_jumpsup.csv").path

    static func lines(_ text: String) -> [Substring] {
        text.split(separator: "\n", omittingEmptySubsequences: true)
    }

    static func expectCleanFailure(
        _ result: ProcessResult, mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        for word in words {
            #expect(result.stderr.contains(word), "'\(word)' not in: \(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!result.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
        #expect(!result.stderr.contains("Stack dump"), sourceLocation: sourceLocation)
        #expect(
            !result.stderr.contains("0x0"), "looks like a stack trace: \(result.stderr)", sourceLocation: sourceLocation
        )
    }

    @Test(ReferenceData.needs(.nab), arguments: [taxi, jumps])
    func trainsAndScoresANABFile(_ csv: String) throws {
        let folder = try TemporaryDirectory("cli")
        let model = folder.file("model.json").path
        let train = try Subprocess.aiops(["train", "--csv", csv, "--trees", "50", "--seed", "3", "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("trained on"))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model)))
        let fields = document as? [String: Any]
        #expect(fields?["format"] as? String == "aiops-model")
        #expect(fields?["features"] as? [String] == ["value"])

        let score = try Subprocess.aiops(["score", "--model", model, "--csv", csv])
        #expect(score.status == 0, "\(score.stderr)")
        let output = Self.lines(score.stdout)
        let input = Self.lines(try String(contentsOfFile: csv, encoding: .utf8))
        #expect(output.first == "timestamp,score,is_anomaly,value")
        #expect(output.count == input.count)
        var anomalies = 0
        for (scored, original) in zip(output.dropFirst(), input.dropFirst()) {
            let columns = scored.split(separator: ",", omittingEmptySubsequences: false)
            let source = original.split(separator: ",")
            #expect(columns.count == 4)
            #expect(columns[0] == source[0], "rows stay in input order")
            let value = Double(columns[3]) ?? .nan
            #expect(value == Double(source[1]))
            let s = Double(columns[1]) ?? -1
            #expect(s > 0 && s <= 1)
            #expect(columns[2] == (s > 0.5 ? "1" : "0"))
            if columns[2] == "1" { anomalies += 1 }
        }
        #expect(anomalies > 0)
    }

    @Test func writesToAFileWithSeveralColumnsAndAContamination() throws {
        let folder = try TemporaryDirectory("cli")
        var text = "timestamp,cpu,host,mem\n"
        for i in 0..<500 {
            let cpu = i == 250 ? 99.0 : 20 + Double(i % 7)
            text +=
                "2024-01-01T\(String(format: "%02d:%02d", i / 60 % 24, i % 60)):00Z,\(cpu),web-1,\(40 + Double(i % 5))\n"
        }
        let csv = try folder.write("metrics.csv", text).path
        let model = folder.file("m.json").path
        let train = try Subprocess.aiops([
            "train", "--csv", csv, "--column", "mem", "--column", "cpu", "--contamination", "0.01", "--out", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let out = folder.file("scores.csv").path
        let score = try Subprocess.aiops(["score", "--model", model, "--csv", csv, "--out", out])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.isEmpty)
        let rows = Self.lines(try String(contentsOfFile: out, encoding: .utf8))
        #expect(rows.first == "timestamp,score,is_anomaly,mem,cpu")
        #expect(rows.count == 501)
        let flagged = rows.dropFirst().filter { $0.split(separator: ",")[2] == "1" }
        #expect(flagged.count >= 1 && flagged.count <= 10, "about 1% flagged, got \(flagged.count)")
        #expect(rows[251].split(separator: ",")[2] == "1", "the 99% CPU row is flagged")
    }

    @Test(ReferenceData.needs(.nab)) func theSameSeedWritesTheSameModel() throws {
        let folder = try TemporaryDirectory("cli")
        func train(_ name: String, seed: String) throws -> Data {
            let path = folder.file(name).path
            let result = try Subprocess.aiops([
                "train", "--csv", Self.jumps, "--trees", "20", "--seed", seed, "--out", path,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            return try Data(contentsOf: URL(fileURLWithPath: path))
        }
        let first = try train("a.json", seed: "5")
        #expect(try train("b.json", seed: "5") == first)
        #expect(try train("c.json", seed: "6") != first)
    }

    @Test func brokenCSVsNameTheFileAndLine() throws {
        let folder = try TemporaryDirectory("cli")
        let cases: [(String, String, [String])] = [
            (
                "bad-number.csv", "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,oops\n",
                [":3:", "'oops' is not a number"]
            ),
            (
                "bad-time.csv", "timestamp,value\n2024-01-01 00:00:00,1\nyesterday,2\n",
                [":3:", "'yesterday' is not a timestamp"]
            ),
            (
                "short-row.csv", "timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00\n",
                [":3:", "expected 2 fields"]
            ),
            ("nan.csv", "timestamp,value\n2024-01-01 00:00:00,NaN\n", [":2:", "not a finite number"]),
            ("no-time.csv", "time,value\n2024-01-01 00:00:00,1\n", ["no 'timestamp' column"]),
            ("empty.csv", "", ["empty"]),
        ]
        for (name, text, words) in cases {
            let csv = try folder.write(name, text).path
            let result = try Subprocess.aiops(["train", "--csv", csv, "--out", folder.file("m.json").path])
            Self.expectCleanFailure(result, mentioning: [name] + words)
            #expect(!FileManager.default.fileExists(atPath: folder.file("m.json").path))
        }
        let missing = try Subprocess.aiops(["train", "--csv", folder.file("nope.csv").path, "--out", "m.json"])
        Self.expectCleanFailure(missing, mentioning: ["nope.csv"])
    }

    @Test(ReferenceData.needs(.nab)) func scoringRejectsBadModelsAndMismatchedData() throws {
        let folder = try TemporaryDirectory("cli")
        let model = folder.file("m.json").path
        #expect(try Subprocess.aiops(["train", "--csv", Self.jumps, "--trees", "5", "--out", model]).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let truncated = folder.file("truncated.json")
        try bytes.prefix(bytes.count / 3).write(to: truncated)
        Self.expectCleanFailure(
            try Subprocess.aiops(["score", "--model", truncated.path, "--csv", Self.jumps]),
            mentioning: ["truncated.json", "truncated"])

        let other = try folder.write("other.csv", "timestamp,cpu\n2024-01-01,1\n").path
        Self.expectCleanFailure(
            try Subprocess.aiops(["score", "--model", model, "--csv", other]),
            mentioning: ["other.csv", "no numeric column named 'value'"])
        Self.expectCleanFailure(
            try Subprocess.aiops(["score", "--model", folder.file("missing.json").path, "--csv", Self.jumps]),
            mentioning: ["missing.json"])
    }

    @Test(ReferenceData.needs(.nab)) func badOptionsAreExplained() throws {
        Self.expectCleanFailure(
            try Subprocess.aiops(["train", "--csv", Self.jumps, "--contamination", "0.9", "--out", "x.json"]),
            mentioning: ["contamination"])
        Self.expectCleanFailure(try Subprocess.aiops(["train", "--out", "x.json"]), mentioning: ["--csv"])
        Self.expectCleanFailure(
            try Subprocess.aiops(["train", "--csv", Self.jumps, "--trees", "0", "--out", "x.json"]),
            mentioning: ["--trees"])
    }

    @Test(arguments: [["train", "--help"], ["score", "--help"], ["help", "train"]])
    func helpDescribesTheOptions(_ arguments: [String]) throws {
        let result = try Subprocess.aiops(arguments)
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: aiops \(arguments.contains("score") ? "score" : "train")"))
        #expect(result.stdout.contains("--csv"))
        #expect(result.stdout.contains("--model") || result.stdout.contains("--sample-size"))
    }
}
