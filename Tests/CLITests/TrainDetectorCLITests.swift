import Foundation
import TestSupport
import Testing

/// `aiops train --detector …` and `aiops score` on the models it writes, as real processes.
@Suite(ReferenceData.needs(.nab)) struct TrainDetectorCLITests {
    typealias T = TrainScoreCLITests

    /// The first `rows` rows of a NAB file (with its header) and the rest, as two CSV files.
    static func split(_ csv: String, at rows: Int, into folder: TemporaryDirectory) throws -> (URL, URL) {
        let lines = T.lines(try String(contentsOfFile: csv, encoding: .utf8))
        let header = String(lines[0])
        let head = try folder.write(
            "history.csv", ([header] + lines[1...rows].map(String.init)).joined(separator: "\n"))
        let tail = try folder.write(
            "new.csv", ([header] + lines[(rows + 1)...].map(String.init)).joined(separator: "\n"))
        return (head, tail)
    }

    @Test func aDefaultDetectorWarmedOnHistoryScoresWhatFollows() throws {
        let folder = try TemporaryDirectory("cli-default")
        let (history, new) = try Self.split(T.jumps, at: 3000, into: folder)
        let model = folder.file("default.json").path
        let train = try Subprocess.aiops(["train", "--detector", "default", "--csv", history.path, "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("warmed default on 3000 rows"))
        let fields =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any]
        #expect(fields?["kind"] as? String == "adaptive")
        #expect((fields?["detector"] as? [String: Any])?["name"] as? String == "default")
        #expect(fields?["forest"] == nil)
        #expect((fields?["training"] as? [String: Any])?["rows"] as? Int == 3000)

        let score = try Subprocess.aiops(["score", "--model", model, "--csv", new.path])
        #expect(score.status == 0, "\(score.stderr)")
        let rows = T.lines(score.stdout)
        #expect(rows.first == "timestamp,score,is_anomaly,value,expected_low,expected_high,driving_feature")
        #expect(rows.count == T.lines(try String(contentsOf: new, encoding: .utf8)).count)
        // The detector is past its warm-up: it scores from the first new row, and the jump in
        // this file (labelled 2014-04-11 09:00) is flagged, with its explanation.
        let cells = rows.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(cells.allSatisfy { $0.count == 7 })
        #expect(cells.contains { Double($0[1]) ?? 0 > 0 })
        let flagged = cells.filter { $0[2] == "1" }
        #expect(flagged.contains { $0[0].hasPrefix("2014-04-11") })
        #expect(flagged.allSatisfy { !$0[4].isEmpty && !$0[6].isEmpty })
    }

    @Test func aSeedModelIsTheForestOnTheValue() throws {
        let folder = try TemporaryDirectory("cli-seed")
        let model = folder.file("seed.json").path
        let train = try Subprocess.aiops([
            "train", "--detector", "seed", "--csv", T.jumps, "--trees", "20", "--out", model,
        ])
        #expect(train.status == 0, "\(train.stderr)")
        let fields =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: model))) as? [String: Any]
        #expect(fields?["kind"] as? String == "seed")
        #expect(fields?["features"] as? [String] == ["value"])
        let score = try Subprocess.aiops(["score", "--model", model, "--csv", T.jumps])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(T.lines(score.stdout).first == "timestamp,score,is_anomaly,value")
    }

    @Test func wrongCombinationsAndBrokenModelsAreClearErrors() throws {
        let folder = try TemporaryDirectory("cli-errors")
        let out = folder.file("m.json").path
        T.expectCleanFailure(
            try Subprocess.aiops(["train", "--detector", "magic", "--csv", T.jumps, "--out", out]),
            mentioning: ["unknown detector 'magic'", "isolation-forest", "default"])
        T.expectCleanFailure(
            try Subprocess.aiops(["train", "--detector", "default", "--trees", "5", "--csv", T.jumps, "--out", out]),
            mentioning: ["--trees", "forests"])
        T.expectCleanFailure(
            try Subprocess.aiops(["train", "--detector", "default", "--column", "cpu", "--csv", T.jumps, "--out", out]),
            mentioning: ["cpu"])
        let train = try Subprocess.aiops(["train", "--detector", "default", "--csv", T.jumps, "--out", out])
        #expect(train.status == 0, "\(train.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let broken = try folder.write(
            "broken.json", text.replacingOccurrences(of: "\"kind\": \"adaptive\"", with: "\"kind\": \"magic\""))
        T.expectCleanFailure(
            try Subprocess.aiops(["score", "--model", broken.path, "--csv", T.jumps]),
            mentioning: ["broken.json", "unknown detector kind 'magic'"])
        let cut = try folder.write("cut.json", String(text.prefix(text.count / 3)))
        T.expectCleanFailure(
            try Subprocess.aiops(["score", "--model", cut.path, "--csv", T.jumps]),
            mentioning: ["cut.json", "truncated"])
    }
}
