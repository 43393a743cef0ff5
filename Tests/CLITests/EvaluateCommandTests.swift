import Foundation
import TestSupport
import Testing

/// `aiops evaluate` as a subprocess, on a small copy of the NAB corpus and on the published results.
@Suite(ReferenceData.needs(.nab)) struct EvaluateCommandTests {
    static let nab = ReferenceData.folder(.nab)
    static let picked = [
        "artificialWithAnomaly/art_daily_jumpsup.csv", "realKnownCause/ec2_request_latency_system_failure.csv",
        "artificialNoAnomaly/art_daily_small_noise.csv",
    ]

    /// Copies a few files of the corpus and the labels of just those.
    static func smallCorpus(_ folder: TemporaryDirectory) throws -> (corpus: URL, labels: URL) {
        let corpus = folder.file("corpus")
        for key in picked {
            let target = corpus.appendingPathComponent(key)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: nab.appendingPathComponent("data/\(key)"), to: target)
        }
        let all =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: nab.appendingPathComponent("labels/combined_windows.json"))) as? [String: Any]
        let subset = (all ?? [:]).filter { picked.contains($0.key) }
        let labels = folder.file("windows.json")
        try JSONSerialization.data(withJSONObject: subset).write(to: labels)
        return (corpus, labels)
    }

    @Test func runsADetectorWritesNABResultsScoresAndReports() throws {
        let folder = try TemporaryDirectory("evaluate")
        let (corpus, labels) = try Self.smallCorpus(folder)
        let out = folder.file("results")
        let report = folder.file("report.html")
        let result = try Subprocess.aiops([
            "evaluate", "--corpus", corpus.path, "--detector", "default", "--labels", labels.path,
            "--results-dir", out.path, "--report", report.path, "--profile", "reward_low_FP_rate",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        for key in Self.picked {
            let parts = key.split(separator: "/")
            let name = parts[1].dropLast(4)
            let written = out.appendingPathComponent("default/\(parts[0])/default_\(name).csv")
            let text = try String(contentsOf: written, encoding: .utf8)
            let lines = text.split(separator: "\n")
            #expect(lines.first == "timestamp,value,anomaly_score")
            let source = try String(contentsOf: corpus.appendingPathComponent(key), encoding: .utf8)
            #expect(lines.count == source.split(separator: "\n").count)
            let scores = lines.dropFirst().compactMap { $0.split(separator: ",").last.flatMap { Double($0) } }
            #expect(scores.count == lines.count - 1)
            #expect(scores.allSatisfy { (0...1).contains($0) })
        }
        for profile in ["standard", "reward_low_FP_rate", "reward_low_FN_rate"] {
            #expect(result.stdout.contains("default \(profile)"))
        }
        #expect(result.stdout.contains("realKnownCause/ec2_request_latency_system_failure.csv"))
        // Not a terminal: plain progress lines, one per file.
        #expect(result.stderr.contains("3/3"))
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.components(separatedBy: "<svg").count == 4)
        #expect(html.contains("reward_low_FP_rate"))
    }

    @Test func scoreOnlyReproducesThePublishedNumentaScores() throws {
        let result = try Subprocess.aiops([
            "evaluate", "--score-only", "--detector", "numenta",
            "--labels", Self.nab.appendingPathComponent("labels/combined_windows.json").path,
            "--results-dir", Self.nab.appendingPathComponent("results").path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let totals = result.stdout.split(separator: "\n").filter { $0.hasPrefix("numenta ") }
        let figures = totals.compactMap { line -> Double? in
            let words = line.split(separator: " ")
            return words.firstIndex(of: "normalised").flatMap { Double(words[$0 + 1]) }
        }
        #expect(figures == [68.9, 62.2, 73.5])
    }

    @Test func unknownDetectorsMissingLabelsAndBadCSVsAreClearErrors() throws {
        let folder = try TemporaryDirectory("evaluate-errors")
        let (corpus, labels) = try Self.smallCorpus(folder)
        let unknown = try Subprocess.aiops([
            "evaluate", "--corpus", corpus.path, "--detector", "magic", "--results-dir", folder.file("o").path,
        ])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown detector `magic`"))
        let missing = try Subprocess.aiops([
            "evaluate", "--corpus", corpus.path, "--labels", folder.file("nope.json").path,
            "--results-dir", folder.file("o").path,
        ])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("nope.json"))
        try folder.write("corpus/broken/bad.csv", "timestamp,value\n2014-04-01 00:00:00,oops\n")
        let bad = try Subprocess.aiops([
            "evaluate", "--corpus", corpus.path, "--labels", labels.path, "--results-dir", folder.file("o").path,
        ])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.csv line 2"))
    }
}
