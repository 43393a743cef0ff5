import Foundation
import TestSupport
import Testing

/// The model the README's quick start trains (`aiops train` with its defaults) on a realistic CPU
/// series: a daily cycle with noise, 14 days of 5-minute points. It must page on what a person
/// would call an anomaly and stay quiet otherwise; the forest with `auto` contamination, which the
/// quick start used to hand out, must warn.
@Suite struct QuickStartModelTests {
    /// 40 % ± 15 over the day plus noise, from a fixed seed; `spike` sets 30 minutes at 96 %.
    static func series(days: Int, start: Date, seed: UInt64, spikeAt spike: Int? = nil) -> String {
        var state = seed
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) * 6 - 3
        }
        let formatter = ISO8601DateFormatter()
        var lines = ["timestamp,value"]
        for step in 0..<(days * 288) {
            let time = start.addingTimeInterval(Double(step) * 300)
            let phase = 2 * Double.pi * Double(step % 288) / 288
            var value = 40 + 15 * sin(phase) + noise()
            if let spike, (spike..<(spike + 6)).contains(step) { value = 96 }
            lines.append("\(formatter.string(from: time)),\(String(format: "%.2f", value))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theQuickStartModelPagesOnTheSpikeAndStaysQuietOtherwise() throws {
        let folder = try TemporaryDirectory("quick-start")
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        let history = try folder.write("history.csv", Self.series(days: 14, start: start, seed: 7))
        let spikeStep = 150
        let next = try folder.write(
            "next.csv",
            Self.series(days: 1, start: start.addingTimeInterval(14 * 86_400), seed: 8, spikeAt: spikeStep))
        let model = folder.file("default.json").path

        let train = try Subprocess.aiops(["train", "--csv", history.path, "--out", model])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stderr.contains("warmed default on 4032 rows"), "\(train.stderr)")
        #expect(!train.stderr.contains("warning"), "\(train.stderr)")

        let score = try Subprocess.aiops(["score", "--model", model, "--csv", next.path])
        #expect(score.status == 0, "\(score.stderr)")
        let rows = score.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
        try #require(rows.count == 288)
        let flagged = Set(rows.indices.filter { rows[$0][2] == "1" })
        let spike = Set(spikeStep..<(spikeStep + 6))
        #expect(!flagged.isDisjoint(with: spike), "the spike to 96 % was not flagged")
        // Outside the spike and the return from it, a quiet day: at most 1 % of points.
        let elsewhere = flagged.filter { $0 < spikeStep || $0 > spikeStep + 12 }
        #expect(elsewhere.count <= 3, "flagged outside the spike: \(elsewhere.sorted())")
    }

    @Test func aForestWithAutoContaminationThatFlagsMuchOfItsHistoryWarns() throws {
        let folder = try TemporaryDirectory("quick-start-forest")
        let history = try folder.write(
            "history.csv", Self.series(days: 14, start: Date(timeIntervalSince1970: 1_780_000_000), seed: 7))
        let train = try Subprocess.aiops(
            ["train", "--detector", "isolation-forest", "--csv", history.path, "--out", folder.file("f.json").path])
        #expect(train.status == 0, "\(train.stderr)")
        // On a wavy series the forest's `auto` threshold (0.5) flags a large part of the history
        // (46–56 % on real CloudWatch series): the warning says so and what to do instead.
        let summary = try #require(train.stderr.split(separator: "\n").first { $0.contains("training rows above") })
        let count = try #require(summary.components(separatedBy: "; ").first { $0.contains("training rows above") })
        let flagged = try #require(Int(count.prefix { $0.isNumber }))
        #expect(flagged * 10 > 4032, "\(summary)")
        #expect(train.stderr.contains("warning:"), "\(train.stderr)")
        #expect(train.stderr.contains("--detector default"), "\(train.stderr)")
        // With a contamination given, no warning: the person chose the fraction.
        let chosen = try Subprocess.aiops(
            ["train", "--csv", history.path, "--contamination", "0.01", "--out", folder.file("g.json").path])
        #expect(chosen.status == 0 && !chosen.stderr.contains("warning:"), "\(chosen.stderr)")
    }
}
