import Detection
import Evaluation
import Foundation
import TestSupport
import Testing

/// The HTML report: self-contained, one chart per file, everything escaped.
@Suite struct ReportTests {
    @Test func rendersAChartPerFileAndEscapesNames() throws {
        let times = (0..<200).map { Date(timeIntervalSince1970: 1_396_310_400 + Double($0) * 300) }
        let values = (0..<200).map { $0 == 120 ? 50.0 : sin(Double($0) / 5) }
        let scores = (0..<200).map { $0 == 120 ? 0.9 : 0.1 }
        let key = "evil/<script>alert(1)</script>.csv"
        let run = FileRun(
            file: CorpusFile(key: key, url: URL(fileURLWithPath: "/tmp/x.csv")),
            series: SeriesCSV(timestamps: times, values: values),
            outputs: scores.map { DetectorOutput(score: $0, isAnomaly: $0 > 0.5, expected: -1...1) })
        let labels = NABLabels(windows: [key: [(times[110], times[130])]])
        let result = try RunScoring.score([run], labels: labels)
        let html = HTMLReport(detector: "d&d", runs: [run], scores: result, chosen: result[0], labels: labels).render()
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.csv"))
        #expect(html.contains("d&amp;d"))
        #expect(html.components(separatedBy: "<svg").count == 2)
        #expect(html.contains(#"class="window""#))
        #expect(html.contains(#"class="detection""#))
        #expect(html.contains(#"class="band""#))
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
        #expect(!html.contains("src="))
        #expect(result[0].files[0].detectedWindows == 1)
        #expect(result[0].files[0].falsePositives == 0)
    }
}
