import Foundation
import TestSupport
import Testing

/// `aiops evaluate --restart-every`: the detector discarded at an interval and rebuilt as a cold
/// function rebuilds it, run as a subprocess on a few NAB files.
@Suite(ReferenceData.needs(.nab)) struct EvaluateRestartTests {
    /// Each results file's scores, by file.
    static func scores(_ root: URL) throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard url.pathExtension == "csv" else { continue }
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            out[url.lastPathComponent] = lines.map { String($0.split(separator: ",").last ?? "") }
        }
        return out
    }

    func evaluate(_ corpus: URL, labels: URL, into results: URL, _ extra: [String]) throws -> ProcessResult {
        try Subprocess.aiops(
            ["evaluate", "--corpus", corpus.path, "--labels", labels.path, "--results-dir", results.path] + extra)
    }

    @Test func aRebuildFromTheWholeHorizonScoresAsTheDetectorThatNeverStopped() throws {
        let folder = try TemporaryDirectory("evaluate-restart")
        let (corpus, labels) = try EvaluateCommandTests.smallCorpus(folder)
        // The three files are 4,032 rows, within `default`'s horizon (10,100): a detector rebuilt
        // from every row before the restart is the same detector, so every score is the same.
        let continuous = try evaluate(corpus, labels: labels, into: folder.file("continuous"), [])
        let restarted = try evaluate(
            corpus, labels: labels, into: folder.file("restarted"), ["--restart-every", "6h"])
        #expect(continuous.status == 0, "\(continuous.stderr)")
        #expect(restarted.status == 0, "\(restarted.stderr)")
        let expected = try Self.scores(folder.file("continuous"))
        #expect(expected.count == 3)
        #expect(try Self.scores(folder.file("restarted")) == expected)
        #expect(restarted.stdout.contains("default standard"))

        // With a horizon of 300 points the rebuilt detector forgets what the running one kept:
        // the restarts really happen and change the scores.
        let config = folder.file("short.json")
        try Data(#"{"historyCapacity": 200, "valueCapacity": 100}"#.utf8).write(to: config)
        let short = ["--detector-config", config.path]
        let shortContinuous = try evaluate(corpus, labels: labels, into: folder.file("short-continuous"), short)
        let shortRestarted = try evaluate(
            corpus, labels: labels, into: folder.file("short-restarted"), short + ["--restart-every", "6h"])
        #expect(shortContinuous.status == 0 && shortRestarted.status == 0, "\(shortRestarted.stderr)")
        #expect(try Self.scores(folder.file("short-restarted")) != Self.scores(folder.file("short-continuous")))
    }

    @Test func aBadDurationIsAClearError() throws {
        let folder = try TemporaryDirectory("evaluate-restart-bad")
        let (corpus, labels) = try EvaluateCommandTests.smallCorpus(folder)
        for bad in ["soon", "6x", "0h"] {
            let result = try evaluate(corpus, labels: labels, into: folder.file("out"), ["--restart-every", bad])
            #expect(result.status != 0)
            #expect(result.stderr.contains("is not a duration"), "\(bad): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.file("out").path))
        }
    }
}
