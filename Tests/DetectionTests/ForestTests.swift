import Foundation
import Testing

@testable import Detection

@Suite struct ForestTests {
    @Test func averagePathLengthMatchesScikitLearn() {
        // Reference values from sklearn.ensemble._iforest._average_path_length.
        let reference: [(Int, Double)] = [
            (1, 0), (2, 1), (3, 1.207392357589623), (10, 3.748880484475505), (256, 10.244770920119917),
            (1000, 12.969940887100174),
        ]
        for (n, expected) in reference {
            #expect(abs(averagePathLength(n) - expected) < 1e-12, "c(\(n))")
        }
        #expect(averagePathLength(0) == 0)
    }

    @Test func maximumDepthIsCeilLog2() {
        #expect(maximumDepth(sampleSize: 1) == 1)
        #expect(maximumDepth(sampleSize: 2) == 1)
        #expect(maximumDepth(sampleSize: 3) == 2)
        #expect(maximumDepth(sampleSize: 256) == 8)
        #expect(maximumDepth(sampleSize: 257) == 9)
        #expect(maximumDepth(sampleSize: 1000) == 10)
    }

    /// Root: feature 0 <= 5 → leaf of 3; else feature 1 <= 2 → leaf of 1, else leaf of 2.
    static func handBuiltTree() throws -> IsolationTree {
        try IsolationTree(
            feature: [0, -1, 1, -1, -1], threshold: [5, 0, 2, 0, 0], left: [1, -1, 3, -1, -1],
            right: [2, -1, 4, -1, -1], samples: [6, 3, 3, 1, 2], featureCount: 2, maxDepth: 3)
    }

    @Test func pathLengthsOnAHandBuiltTree() throws {
        let tree = try Self.handBuiltTree()
        #expect(tree.pathLength([1, 0]) == 1 + averagePathLength(3))
        #expect(tree.pathLength([5, 9]) == 1 + averagePathLength(3), "a value equal to the threshold goes left")
        #expect(tree.pathLength([6, 1]) == 2)
        #expect(tree.pathLength([6, 2.5]) == 3, "depth 2 plus c(2) = 1")
    }

    @Test func compiledScoringMatchesThePlainWalk() throws {
        let tree = try Self.handBuiltTree()
        let forest = try IsolationForest(trees: [tree, tree], featureCount: 2, sampleSize: 6, maxDepth: 3)
        for point in [[1.0, 0.0], [5, 9], [6, 1], [6, 2.5], [-100, 100]] {
            let expected = pow2(-tree.pathLength(point) / averagePathLength(6))
            #expect(abs(try forest.score(point) - expected) < 1e-12)
        }
    }

    @Test(arguments: [1, 2])
    func deepTreesUseTheSparseLayoutAndAgree(columns: Int) throws {
        // ψ = 8192 gives trees deeper than the complete layout's limit.
        let data = try FeatureMatrix(
            values: (0..<10_000 * columns).map { Double(($0 * 7919) % 10_007) }, columnCount: columns)
        let forest = try IsolationForest.train(data, parameters: .init(trees: 3, sampleSize: 8192, seed: 5))
        #expect(forest.trees.map(\.height).max() ?? 0 > CompiledForest.completeLayoutMaxDepth)
        let scores = try forest.scores(data, threads: 2)
        for row in stride(from: 0, to: data.rowCount, by: 997) {
            let mean = forest.trees.map { $0.pathLength(data.row(row)) }.reduce(0, +) / 3
            #expect(abs(scores[row] - pow2(-mean / averagePathLength(8192))) < 1e-12)
        }
    }

    @Test(arguments: [1, 3])
    func batchScoresMatchTheReferenceWalkOnRandomForests(columns: Int) throws {
        // 3001 rows: whole groups of eight rows, then a remainder walked one by one.
        let data = try Self.sample(rows: 3001, columns: columns, seed: 9)
        let forest = try IsolationForest.train(data, parameters: .init(trees: 20, sampleSize: 64, seed: 1))
        let scores = try forest.scores(data, threads: 2)
        for row in Array(stride(from: 0, to: data.rowCount, by: 101)) + [2996, 2999, 3000] {
            let mean = forest.trees.map { $0.pathLength(data.row(row)) }.reduce(0, +) / 20
            #expect(abs(scores[row] - pow2(-mean / averagePathLength(64))) < 1e-12)
        }
    }

    @Test func theSameSeedGivesTheSameForestWhateverTheThreads() throws {
        let data = try Self.sample(rows: 20_000, columns: 2, seed: 3)
        let parameters = IsolationForest.Parameters(trees: 30, sampleSize: 256, seed: 77)
        let one = try IsolationForest.train(data, parameters: parameters, threads: 1)
        let many = try IsolationForest.train(data, parameters: parameters, threads: 4)
        #expect(one.trees == many.trees)
        #expect(try one.scores(data, threads: 1) == many.scores(data, threads: 3))
        let other = try IsolationForest.train(data, parameters: .init(trees: 30, sampleSize: 256, seed: 78))
        #expect(other.trees != one.trees)
    }

    @Test func treesAreGrownOnSubsamplesWithTheDepthLimit() throws {
        let data = try Self.sample(rows: 1000, columns: 2, seed: 4)
        let forest = try IsolationForest.train(data, parameters: .init(trees: 10, sampleSize: 100, seed: 2))
        #expect(forest.sampleSize == 100)
        #expect(forest.maxDepth == 7)
        for tree in forest.trees {
            #expect(tree.samples[0] == 100)
            #expect(tree.height <= 7)
        }
        let small = try IsolationForest.train(try Self.sample(rows: 50, columns: 1, seed: 4), parameters: .init())
        #expect(small.sampleSize == 50, "ψ is capped at the number of rows")
    }

    @Test func outliersScoreHigherThanInliers() throws {
        var values = (0..<500).map { Double($0 % 50) / 10 }
        values.append(1000)
        let data = try FeatureMatrix(column: values)
        let forest = try IsolationForest.train(data, parameters: .init(trees: 100, seed: 1))
        let scores = try forest.scores(data)
        #expect(scores[500] > 0.7)
        #expect(scores[500] > (scores[0..<500].max() ?? 1))
    }

    @Test func constantDataGivesSingleLeafTrees() throws {
        let data = try FeatureMatrix(values: [Double](repeating: 3, count: 40), columnCount: 2)
        let forest = try IsolationForest.train(data, parameters: .init(trees: 5, seed: 1))
        #expect(forest.trees.allSatisfy { $0.nodeCount == 1 })
        let scores = try forest.scores(data)
        #expect(Set(scores).count == 1)
        // Every point sits in a leaf of 20 points: h = c(20), s = 2^(-1).
        #expect(abs(scores[0] - 0.5) < 1e-12)
    }

    @Test func badParametersAndInputsAreErrors() throws {
        let data = try Self.sample(rows: 10, columns: 2, seed: 1)
        #expect(throws: DetectionError.self) { try IsolationForest.train(data, parameters: .init(trees: 0)) }
        #expect(throws: DetectionError.self) { try IsolationForest.train(data, parameters: .init(sampleSize: 1)) }
        #expect(throws: DetectionError.self) {
            try IsolationForest.train(try FeatureMatrix(values: [1, 2], columnCount: 2))
        }
        let forest = try IsolationForest.train(data, parameters: .init(trees: 2))
        #expect(throws: DetectionError.self) { try forest.scores(try FeatureMatrix(column: [1, 2, 3])) }
        #expect(throws: DetectionError.self) { try forest.score([1]) }
        #expect(throws: DetectionError.self) { try FeatureMatrix(values: [1, .nan], columnCount: 1) }
        #expect(throws: DetectionError.self) { try FeatureMatrix(values: [1, 2, 3], columnCount: 2) }
    }

    @Test func emptyBatchScoresToNothing() throws {
        let forest = try IsolationForest.train(
            try Self.sample(rows: 10, columns: 1, seed: 1), parameters: .init(trees: 2))
        #expect(try forest.scores(try FeatureMatrix(values: [], columnCount: 1)).isEmpty)
    }

    static func sample(rows: Int, columns: Int, seed: UInt64) throws -> FeatureMatrix {
        var random = SeededGenerator(seed: seed)
        return try FeatureMatrix(
            values: (0..<rows * columns).map { _ in random.nextUnit() * 100 }, columnCount: columns)
    }
}

func pow2(_ x: Double) -> Double { exp2(x) }
