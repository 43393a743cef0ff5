import Foundation
import Testing

@testable import Detection

/// Our forest against scikit-learn's on the committed fixtures, both with 1000 trees and ψ = 256.
@Suite struct ParityTests {
    @Test func manifestListsTheDataSets() throws {
        let manifest = try Fixtures.manifest()
        #expect(manifest.n_estimators == 1000)
        #expect(manifest.max_samples == 256)
        #expect(manifest.data_sets.count >= 4)
        #expect(manifest.data_sets.contains { $0.features.count > 1 })
        #expect(manifest.data_sets.contains { $0.near_equal_scores })
    }

    @Test(arguments: Fixtures.dataSets)
    func scoresMatchScikitLearn(_ dataSet: Fixtures.DataSet) throws {
        let url = Fixtures.url("iforest/\(dataSet.file)")
        let data = try MetricCSV.read(contentsOf: url, columns: dataSet.features)
        let reference = try MetricCSV.read(contentsOf: url, columns: ["sklearn_score"]).values.column(0)
        #expect(data.rowCount == dataSet.rows)

        let forest = try IsolationForest.train(
            data.values, parameters: IsolationForest.Parameters(trees: 1000, sampleSize: 256, seed: 11))
        let ours = try forest.scores(data.values)

        let pearson = Correlation.pearson(ours, reference)
        let spearman = Correlation.spearman(ours, reference)
        let agreement =
            Double(zip(ours, reference).filter { ($0 > 0.5) == ($1 > 0.5) }.count) / Double(ours.count)
        print(
            "parity \(dataSet.name): pearson \(pearson), spearman \(spearman) (sklearn self \(dataSet.self_agreement_spearman)), auto agreement \(agreement)"
        )
        #expect(pearson >= 0.99, "Pearson \(pearson) on \(dataSet.name)")
        if dataSet.near_equal_scores {
            #expect(
                spearman >= 0.99 || spearman >= dataSet.self_agreement_spearman - 0.02,
                "Spearman \(spearman), sklearn against itself \(dataSet.self_agreement_spearman)")
        } else {
            #expect(spearman >= 0.99, "Spearman \(spearman) on \(dataSet.name)")
        }
        #expect(agreement >= 0.98, "auto decision agreement \(agreement) on \(dataSet.name)")
    }
}
