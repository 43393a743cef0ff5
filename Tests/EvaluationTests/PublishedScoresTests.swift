import Evaluation
import Foundation
import TestSupport
import Testing

/// The scorer reproduces the scores NAB's README table gives for the published results.
@Suite(ReferenceData.needs(.nab)) struct PublishedScoresTests {
    static let nab = ReferenceData.folder(.nab)

    @Test(arguments: [
        ("numenta", [68.9, 62.2, 73.5]),
        ("windowedGaussian", [42.6, 26.4, 49.5]),
    ])
    func rescoresPublishedResults(detector: String, expected: [Double]) throws {
        let labels = try NABLabels(contentsOf: Self.nab.appendingPathComponent("labels/combined_windows.json"))
        let scores = try ResultsScoring.score(
            resultsRoot: Self.nab.appendingPathComponent("results"), detector: detector, labels: labels)
        #expect(scores.map(\.profile) == NABProfile.all)
        for (score, want) in zip(scores, expected) {
            #expect(abs(score.normalised - want) <= 0.1, "\(detector) \(score.profile): \(score.normalised) vs \(want)")
            // The per-file scores at θ* add up to the optimised total.
            let sum = score.files.reduce(0) { $0 + $1.raw }
            #expect(abs(sum - score.raw) < 1e-6)
        }
        #expect(scores[0].files.count == 41)
    }
}
