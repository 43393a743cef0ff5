import Evaluation
import Foundation
import Testing

/// Each NAB scoring rule, on tiny hand-made series.
@Suite struct ScoringRulesTests {
    let standard = NABProfile.standard

    /// A file of `count` rows with the given windows and a score of 1 on `detected` rows, 0 elsewhere.
    func file(_ count: Int, windows: [ClosedRange<Int>], detected: [Int], key: String = "a/b.csv") -> NABScoredFile {
        var scores = [Double](repeating: 0, count: count)
        for i in detected { scores[i] = 1 }
        return NABScoredFile(key: key, layout: NABFileLayout(count: count, windows: windows), scores: scores)
    }

    @Test func probationaryPeriodIsFifteenPercentCappedAt750() {
        #expect(NABFileLayout.probationaryPeriod(rows: 100) == 15)
        #expect(NABFileLayout.probationaryPeriod(rows: 4033) == 604)
        #expect(NABFileLayout.probationaryPeriod(rows: 5000) == 750)
        #expect(NABFileLayout.probationaryPeriod(rows: 22_695) == 750)
    }

    @Test func scaledSigmoidMatchesNAB() {
        #expect(abs(NABFileLayout.scaledSigmoid(-1) - 0.98661) < 1e-5)
        #expect(NABFileLayout.scaledSigmoid(0) == 0)
        #expect(abs(NABFileLayout.scaledSigmoid(1) + 0.98661) < 1e-5)
        #expect(NABFileLayout.scaledSigmoid(3.01) == -1)
    }

    @Test func detectionOnAWindowsFirstRowEarnsExactlyATPAndLaterRowsLess() {
        let first = NABScorer.fileScore(
            file(100, windows: [40...49], detected: [40]), profile: standard, threshold: 0.5)
        #expect(abs(first.raw - 1.0) < 1e-12)
        let last = NABScorer.fileScore(file(100, windows: [40...49], detected: [49]), profile: standard, threshold: 0.5)
        // y = −1/10 at the right edge.
        let expected = NABFileLayout.scaledSigmoid(-0.1) / NABFileLayout.scaledSigmoid(-1)
        #expect(abs(last.raw - expected) < 1e-12)
        #expect(last.raw < first.raw)
    }

    @Test func aWindowRewardsOnlyItsEarliestDetectionAndExtraOnesAreFree() {
        let one = NABScorer.fileScore(file(100, windows: [40...49], detected: [42]), profile: standard, threshold: 0.5)
        let many = NABScorer.fileScore(
            file(100, windows: [40...49], detected: [42, 43, 45, 49]), profile: standard, threshold: 0.5)
        #expect(one.raw == many.raw)
        #expect(many.detectedWindows == 1)
        #expect(many.falsePositives == 0)
    }

    @Test func aMissedWindowCostsAFN() {
        let missed = NABScorer.fileScore(
            file(100, windows: [40...49], detected: []), profile: .rewardLowFN, threshold: 0.5)
        #expect(missed.raw == -2)
        #expect(missed.normalised == 0)
    }

    @Test func falsePositivesBeforeAnyWindowCostAFPEach() {
        let scored = NABScorer.fileScore(
            file(100, windows: [80...89], detected: [20, 21, 80]), profile: standard, threshold: 0.5)
        #expect(abs(scored.raw - (1 - 2 * 0.11)) < 1e-12)
        #expect(scored.falsePositives == 2)
    }

    @Test func falsePositivesAfterAWindowCostLittleAtFirstThenTheFullWeight() {
        let layout = NABFileLayout(count: 200, windows: [40...49])
        guard case .outside(let justAfter) = layout.weights[50], case .outside(let farAfter) = layout.weights[150]
        else {
            Issue.record("rows after the window should be outside it")
            return
        }
        // y = (50 − 49)/(10 − 1).
        #expect(abs(justAfter - NABFileLayout.scaledSigmoid(1.0 / 9)) < 1e-12)
        #expect(justAfter > -0.6 && justAfter < 0)
        #expect(farAfter == -1)
        // Before the window the weight is −1 whatever the distance.
        #expect(layout.weights[39] == .outside(-1))
    }

    @Test func rowsInTheProbationaryPeriodAreIgnored() {
        // 100 rows: P = 15. A detection at row 5 is neither a false positive nor a hit.
        let scored = NABScorer.fileScore(
            file(100, windows: [40...49], detected: [5]), profile: standard, threshold: 0.5)
        #expect(scored.raw == -1)
        #expect(scored.falsePositives == 0)
    }

    @Test func aWindowInsideTheProbationaryPeriodDoesNotCount() {
        let layout = NABFileLayout(count: 100, windows: [2...5, 40...49])
        #expect(layout.countedWindows == [1])
        let totals = NABScorer.score([file(100, windows: [2...5, 40...49], detected: [])], profiles: [standard])
        // Null counts only the counted window; perfect counts both windows of the file.
        #expect(totals[0].raw == -1)
        #expect(totals[0].normalised == 0)
    }

    @Test func theThresholdIsSharedByAllFilesAndMaximisesTheCorpusScore() {
        // File a: its window's row scores 0.9, a false positive scores 0.8.
        // File b: its window's row scores 0.7. Taking θ = 0.7 costs one FP (0.11) but wins a window (+2).
        var a = file(100, windows: [40...49], detected: [], key: "x/a.csv")
        a.scores[40] = 0.9
        a.scores[20] = 0.8
        var b = file(100, windows: [60...69], detected: [], key: "x/b.csv")
        b.scores[60] = 0.7
        let result = NABScorer.score([a, b], profiles: [standard])[0]
        #expect(result.threshold == 0.7)
        #expect(abs(result.raw - (2 - 0.11)) < 1e-12)
        #expect(abs(result.files.reduce(0) { $0 + $1.raw } - result.raw) < 1e-12)
        #expect(abs(result.normalised - 100 * (2 - 0.11 + 2) / 4) < 1e-9)
    }

    @Test func tiesGoToTheHighestThreshold() {
        // Lowering θ from 0.9 to 0.6 adds only a second detection in the same window, so
        // S(0.6) == S(0.9): the higher threshold must win.
        var a = file(100, windows: [40...49], detected: [], key: "x/a.csv")
        a.scores[40] = 0.9
        a.scores[45] = 0.6
        let result = NABScorer.score([a], profiles: [standard])[0]
        #expect(result.threshold == 0.9)
        #expect(result.raw == 1)
    }

    @Test func aDetectorBestLeftSilentPicksTheNullThresholdAndScoresZero() {
        // A binary detector that flags every row: its only options are "everything" and "nothing".
        let noisy = file(200, windows: [100...109], detected: Array(0..<200))
        let result = NABScorer.score([noisy], profiles: [standard])[0]
        #expect(result.threshold == 1.1)
        #expect(result.normalised == 0)
    }

    @Test func aPerfectDetectorScoresOneHundred() {
        let perfect = file(200, windows: [100...109, 150...159], detected: [100, 150])
        for score in NABScorer.score([perfect]) { #expect(abs(score.normalised - 100) < 1e-9) }
    }
}
