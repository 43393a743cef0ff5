import Evaluation
import Testing

/// Leave-one-category-out scoring on hand-made files whose best thresholds differ by category.
@Suite struct CrossValidationTests {
    /// 100 rows, one window at 40...49, scores 0 except `marks` (row → score).
    static func file(_ key: String, _ marks: [Int: Double]) -> NABScoredFile {
        var scores = [Double](repeating: 0, count: 100)
        for (row, score) in marks { scores[row] = score }
        return NABScoredFile(key: key, layout: NABFileLayout(count: 100, windows: [40...49]), scores: scores)
    }

    @Test func eachCategoryIsScoredAtTheThresholdChosenOnTheOthers() {
        // Category a flags its windows at 0.9 with a false alarm at 0.6; category b only reaches
        // 0.6 inside its window. Together, 0.6 is best (b's window is worth more than a's alarm).
        let files = [
            Self.file("a/1.csv", [40: 0.9, 20: 0.6]), Self.file("a/2.csv", [41: 0.9]),
            Self.file("b/1.csv", [40: 0.6]),
        ]
        let standard = NABProfile.standard
        #expect(NABScorer.score(files, profiles: [standard])[0].threshold == 0.6)
        let result = NABCrossValidation.run(files, profile: standard)
        #expect(result.folds.map(\.category) == ["a", "b"])
        // Held out, a is scored at b's choice 0.6 (its false alarm counts); b at a's choice 0.9
        // (its window is missed).
        #expect(result.folds[0].threshold == 0.6)
        #expect(result.folds[1].threshold == 0.9)
        let a =
            NABScorer.fileScore(files[0], profile: standard, threshold: 0.6).raw
            + NABScorer.fileScore(files[1], profile: standard, threshold: 0.6).raw
        #expect(abs(result.folds[0].raw - a) < 1e-12)
        #expect(result.folds[1].raw == -1)
        #expect(result.folds[1].normalised == 0)
        #expect(abs(result.raw - (a - 1)) < 1e-12)
        let whole = NABScorer.score(files, profiles: [standard])[0]
        #expect(result.normalised < whole.normalised, "a threshold fitted on every file scores at least as well")
    }
}
