import AIOpsCore
import Foundation
import Testing

@testable import Detection

@Suite struct SeedDetectorTests {
    static func point(_ index: Int, _ value: Double) -> MetricPoint {
        MetricPoint(timestamp: Date(timeIntervalSince1970: 1_700_000_000 + Double(index) * 300), value: value)
    }

    /// CPU around 30% with Gaussian noise (σ = 3), the same for every index.
    static func normal(_ index: Int) -> Double {
        var random = SeededGenerator(seed: 99, stream: UInt64(index))
        let u = max(random.nextUnit(), 1e-12)
        return 30 + 3 * (-2 * log(u)).squareRoot() * cos(2 * .pi * random.nextUnit())
    }

    @Test func learnsFromAPrefixThenScores() {
        var detector = SeedDetector(trainingCount: 600, parameters: .init(trees: 50, seed: 3))
        for index in 0..<600 {
            let output = detector.observe(Self.point(index, Self.normal(index)))
            #expect(!output.isAnomaly)
            #expect(output.expected == nil)
        }
        #expect(detector.model != nil)
        let spike = detector.observe(Self.point(600, 98))
        #expect(spike.isAnomaly)
        #expect(spike.score > 0.6)
        #expect(spike.drivingFeature == "value")
        let band = spike.expected
        #expect(
            band.map { $0.lowerBound > 15 && $0.lowerBound < 25 && $0.upperBound > 35 && $0.upperBound < 45 } == true)
        let usual = detector.observe(Self.point(601, 30))
        #expect(!usual.isAnomaly)
        #expect(usual.score < spike.score)
        #expect(detector.name == "seed")
    }

    @Test func isDeterministic() {
        var first = SeedDetector(trainingCount: 300, parameters: .init(trees: 20, seed: 8))
        var second = SeedDetector(trainingCount: 300, parameters: .init(trees: 20, seed: 8))
        let values = (0..<400).map { $0 == 350 ? 120 : Self.normal($0) }
        for (index, value) in values.enumerated() {
            #expect(first.observe(Self.point(index, value)) == second.observe(Self.point(index, value)))
        }
    }

    @Test func usesATrainedModelAndRejectsMultiFeatureOnes() throws {
        let model = try IsolationForestModel.train(
            try FeatureMatrix(column: (0..<500).map(Self.normal)), features: ["value"],
            parameters: .init(trees: 30, seed: 1))
        var detector = try SeedDetector(model: model)
        #expect(detector.observe(Self.point(0, 500)).isAnomaly)
        #expect(detector.observe(Self.point(1, .nan)).isAnomaly == false)

        let wide = try IsolationForestModel.train(
            try FeatureMatrix(values: (0..<40).map(Double.init), columnCount: 2), features: ["a", "b"],
            parameters: .init(trees: 2))
        #expect(throws: DetectionError.self) { try SeedDetector(model: wide) }
    }

    @Test func theCatalogueSeedTrainsOnTheTrainingPointsThenScores() throws {
        let made = DetectorCatalog.make("seed", context: DetectorContext(trainingPoints: 400, seed: 5))
        var detector = try #require(made)
        #expect(detector.name == "seed")
        let silent = (0..<400).map { detector.observe(Self.point($0, Self.normal($0))) }
        #expect(silent.allSatisfy { $0.score == 0 && !$0.isAnomaly })
        let spike = detector.observe(Self.point(400, 95))
        let usual = detector.observe(Self.point(401, 30))
        #expect(spike.isAnomaly)
        #expect(spike.score > usual.score)
    }
}
