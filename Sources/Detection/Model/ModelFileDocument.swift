internal import AIOpsCore
internal import Foundation

/// A model file as JSON shapes, before the checks that turn it into an `IsolationForestModel`.
struct ModelFileDocument: Decodable {
    struct Parameters: Decodable {
        var trees: Int
        var sampleSize: Int
        var contamination: Contamination
        var seed: UInt64
    }

    struct Training: Decodable {
        var rows: Int
        var start: String?
        var end: String?
        var features: [TrainingSummary.Feature]
    }

    struct Tree: Decodable {
        var feature: [Int32]
        var threshold: [Double]
        var left: [Int32]
        var right: [Int32]
        var samples: [Int32]
    }

    struct Forest: Decodable {
        var sampleSize: Int
        var maxDepth: Int
        var trees: [Tree]
    }

    var kind: String
    var features: [String]
    var parameters: Parameters
    var threshold: Double
    var training: Training
    var detector: JSONValue?
    var forest: Forest

    /// Checks every cross-field rule and builds the model; the error names the first broken one.
    func model() throws(DetectionError) -> IsolationForestModel {
        func fail(_ problem: String) -> DetectionError { DetectionError(.invalidModel, problem) }
        guard !kind.isEmpty else { throw fail("'kind' is empty") }
        guard !features.isEmpty else { throw fail("'features' is empty: the model needs at least one feature") }
        guard Set(features).count == features.count else { throw fail("'features' names a feature twice") }
        guard parameters.trees >= 1, parameters.sampleSize >= 2 else {
            throw fail("'parameters' needs at least 1 tree and a sample size of at least 2")
        }
        guard parameters.trees == forest.trees.count else {
            throw fail("'parameters' says \(parameters.trees) trees, but the forest has \(forest.trees.count)")
        }
        guard threshold.isFinite, (0...1).contains(threshold) else {
            throw fail("'threshold' is \(threshold); it must be a score between 0 and 1")
        }
        guard training.rows >= 2 else { throw fail("'training.rows' is \(training.rows); at least 2 rows are needed") }
        guard forest.sampleSize == min(parameters.sampleSize, training.rows) else {
            throw fail(
                "the forest's sample size \(forest.sampleSize) does not match min(parameters.sampleSize \(parameters.sampleSize), training.rows \(training.rows))"
            )
        }
        let summary = try training.summary(features: features)
        var trees: [IsolationTree] = []
        trees.reserveCapacity(forest.trees.count)
        for (index, tree) in forest.trees.enumerated() {
            do {
                trees.append(
                    try IsolationTree(
                        feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right,
                        samples: tree.samples, featureCount: features.count, maxDepth: forest.maxDepth))
            } catch {
                throw fail("tree \(index): \(error.message)")
            }
        }
        let isolationForest = try IsolationForest(
            trees: trees, featureCount: features.count, sampleSize: forest.sampleSize, maxDepth: forest.maxDepth)
        return IsolationForestModel(
            kind: kind, features: features,
            parameters: IsolationForest.Parameters(
                trees: parameters.trees, sampleSize: parameters.sampleSize, seed: parameters.seed),
            contamination: parameters.contamination, threshold: threshold, training: summary,
            forest: isolationForest, detector: detector)
    }
}

extension ModelFileDocument.Training {
    /// The summary, checked: dates that parse and are in order, one entry per feature in the
    /// model's order, finite and consistent statistics.
    func summary(features: [String]) throws(DetectionError) -> TrainingSummary {
        func fail(_ problem: String) -> DetectionError { DetectionError(.invalidModel, "'training': \(problem)") }
        func date(_ text: String?, _ key: String) throws(DetectionError) -> Date? {
            guard let text else { return nil }
            guard let date = ISO8601.date(from: text) else { throw fail("'\(key)' is not a date: '\(text)'") }
            return date
        }
        let start = try date(self.start, "start")
        let end = try date(self.end, "end")
        if let start, let end, start > end { throw fail("'start' is after 'end'") }
        guard self.features.map(\.name) == features else {
            throw fail(
                "the features \(self.features.map(\.name)) do not match the model's features \(features)")
        }
        for feature in self.features {
            let stats = [feature.min, feature.max, feature.mean, feature.std]
            guard stats.allSatisfy(\.isFinite), feature.min <= feature.max, feature.std >= 0 else {
                throw fail("the statistics of '\(feature.name)' are not consistent (min ≤ max, std ≥ 0, all finite)")
            }
        }
        return TrainingSummary(rows: rows, start: start, end: end, features: self.features)
    }
}
