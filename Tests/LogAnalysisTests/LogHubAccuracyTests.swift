import Foundation
import LogAnalysis
import TestSupport
import Testing

/// A regression floor on the LogHub-2k samples (reference data: `ReferenceData`). The benchmark
/// `aiops-bench drain` prints the exact figures; this only guards against losing accuracy.
@Suite("LogHub grouping accuracy", ReferenceData.needs(.loghub))
struct LogHubAccuracyTests {
    static let datasets = ["Android", "Apache", "BGL", "HDFS", "OpenSSH", "Spark", "Windows", "Zookeeper"]

    @Test("one generic configuration keeps mean grouping accuracy at or above 0.97 (target 0.95)")
    func meanAccuracy() throws {
        var scores: [String: Double] = [:]
        var corrected: [String: Double] = [:]
        for name in Self.datasets {
            let folder = ReferenceData.folder(.loghub).appendingPathComponent(name)
            let table = try CSVTable(
                parsing: String(
                    contentsOf: folder.appendingPathComponent("\(name)_2k.log_structured.csv"), encoding: .utf8))
            let fixed = try CSVTable(
                parsing: String(
                    contentsOf: folder.appendingPathComponent("\(name)_2k.log_structured_corrected.csv"),
                    encoding: .utf8))
            var miner = TemplateMiner()
            let matches = try table.column("Content").map { miner.add($0) }
            let templates = matches.map { miner.templateText(of: $0) }
            scores[name] = GroupingAccuracy.score(predicted: templates, truth: try table.column("EventId"))
            corrected[name] = GroupingAccuracy.score(predicted: templates, truth: try fixed.column("EventId"))
        }
        let mean = scores.values.reduce(0, +) / Double(scores.count)
        let meanCorrected = corrected.values.reduce(0, +) / Double(corrected.count)
        #expect(mean >= 0.97, "mean GA \(mean): \(scores)")
        #expect(meanCorrected >= 0.96, "mean GA (corrected) \(meanCorrected): \(corrected)")
        for (name, score) in scores { #expect(score >= 0.9, "\(name) GA \(score)") }
    }
}
