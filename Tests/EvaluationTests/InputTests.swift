import Evaluation
import Foundation
import TestSupport
import Testing

/// Reading corpora, results and labels: what is accepted and the errors for what is not.
@Suite struct InputTests {
    @Test func readsADataFileAndAResultsFile() throws {
        let csv = try SeriesCSV(
            text: "timestamp,value\n2014-04-01 00:00:00,1.5\r\n2014-04-01 00:05:00,2\n", name: "x.csv")
        #expect(csv.values == [1.5, 2])
        #expect(csv.timestamps[1].timeIntervalSince(csv.timestamps[0]) == 300)
        #expect(csv.scores == nil)
        let results = try SeriesCSV(
            text: "timestamp,value,anomaly_score,label\n2014-04-01 00:00:00,1,0.25,0\n", name: "r.csv",
            requireScores: true)
        #expect(results.scores == [0.25])
    }

    @Test(arguments: [
        ("", "empty"),
        ("time,val\n2014-04-01 00:00:00,1\n", "expected columns `timestamp` and `value`"),
        ("timestamp,value\nyesterday,1\n", "line 2"),
        ("timestamp,value\n2014-04-01 00:00:00,abc\n", "`abc`, not a finite number"),
        ("timestamp,value\n2014-04-01 00:00:00,nan\n", "not a finite number"),
    ])
    func rejectsBadCSVsWithAMessageNamingTheProblem(text: String, fragment: String) {
        #expect {
            _ = try SeriesCSV(text: text, name: "bad.csv")
        } throws: { error in
            guard let error = error as? EvaluationError else { return false }
            return error.code == .badCSV && error.message.contains(fragment) && error.message.contains("bad.csv")
        }
    }

    @Test func resultsFilesNeedAnAnomalyScoreColumn() {
        #expect(throws: EvaluationError.self) {
            _ = try SeriesCSV(text: "timestamp,value\n2014-04-01 00:00:00,1\n", name: "r.csv", requireScores: true)
        }
    }

    @Test func windowsAreMatchedToRowsByTimestamp() throws {
        let labels = try NABLabels(
            json: Data(#"{"c/f.csv": [["2014-04-01 00:10:00.000000", "2014-04-01 00:20:00.000000"]]}"#.utf8),
            name: "w.json")
        let times = (0..<10).map { Date(timeIntervalSince1970: 1_396_310_400 + Double($0) * 300) }
        let windows = try #require(labels.windows(for: "c/f.csv"))
        let layout = try NABFileLayout(timestamps: times, windows: windows, file: "c/f.csv")
        #expect(layout.windows == [2...4])
        // A deeper corpus layout still finds the key by its last two components.
        #expect(labels.windows(for: "nab/data/c/f.csv") != nil)
    }

    @Test func badLabelsAndUnknownFilesAreClearErrors() throws {
        #expect(throws: EvaluationError.self) { _ = try NABLabels(json: Data("[1,2]".utf8), name: "w.json") }
        let labels = try NABLabels(json: Data(#"{"c/f.csv": []}"#.utf8), name: "w.json")
        let csv = try SeriesCSV(text: "timestamp,value\n2014-04-01 00:00:00,1\n", name: "g.csv")
        #expect {
            _ = try ResultsScoring.scoredFile(key: "c/g.csv", csv: csv, scores: [0], labels: labels)
        } throws: { error in
            (error as? EvaluationError)?.message.contains("no entry for c/g.csv") ?? false
        }
        #expect(throws: EvaluationError.self) {
            _ = try NABLabels(contentsOf: URL(fileURLWithPath: "/nonexistent/combined_windows.json"))
        }
    }

    @Test func findsCSVsAtAnyDepthAndLaysOutResultsAsNABDoes() throws {
        let folder = try TemporaryDirectory("corpus")
        try folder.write("top.csv", "timestamp,value\n")
        try folder.write("cat/deeper/f.csv", "timestamp,value\n")
        try folder.write("cat/notes.txt", "ignored")
        let files = try CorpusFile.all(under: folder.url)
        #expect(files.map(\.key) == ["cat/deeper/f.csv", "top.csv"])
        let out = URL(fileURLWithPath: "/out")
        #expect(files[0].resultURL(root: out, detector: "d").path == "/out/d/cat/deeper/d_f.csv")
        #expect(files[1].resultURL(root: out, detector: "d").path == "/out/d/d_top.csv")
        #expect(throws: EvaluationError.self) { _ = try CorpusFile.all(under: folder.file("missing")) }
    }
}
