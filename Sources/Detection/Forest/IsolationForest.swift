internal import Foundation

/// An Isolation Forest (Liu, Ting & Zhou 2008) with scikit-learn's semantics: anomalies are the
/// points that random axis-parallel splits isolate in few steps. The score of a point is
/// s(x) = 2^(−E[h(x)] / c(ψ)), in (0, 1], higher meaning more anomalous.
public struct IsolationForest: Sendable {
    /// How to grow a forest.
    public struct Parameters: Sendable, Hashable {
        /// The number of trees.
        public var trees: Int
        /// ψ, the points each tree is grown on (capped at the number of training rows).
        public var sampleSize: Int
        /// Picks every random choice: the same seed and data give the same forest everywhere.
        public var seed: UInt64

        public init(trees: Int = 100, sampleSize: Int = 256, seed: UInt64 = 42) {
            self.trees = trees
            self.sampleSize = sampleSize
            self.seed = seed
        }

        func validate() throws(DetectionError) {
            guard (1...100_000).contains(trees) else {
                throw DetectionError(
                    .invalidParameter, "the number of trees must be between 1 and 100000, not \(trees)")
            }
            guard sampleSize >= 2 else {
                throw DetectionError(.invalidParameter, "the sample size must be at least 2, not \(sampleSize)")
            }
        }
    }

    /// The trees, in order.
    public let trees: [IsolationTree]
    public let featureCount: Int
    /// ψ: the number of points each tree was grown on.
    public let sampleSize: Int
    /// The depth limit the trees were grown with, ceil(log2 ψ).
    public let maxDepth: Int
    let compiled: CompiledForest

    /// A forest from existing trees (e.g. a model file), checked for consistency: every tree is
    /// valid (see `IsolationTree`), grown on `sampleSize` points and no deeper than ceil(log2 ψ).
    public init(trees: [IsolationTree], featureCount: Int, sampleSize: Int, maxDepth: Int) throws(DetectionError) {
        guard !trees.isEmpty else { throw DetectionError(.invalidModel, "the forest has no trees") }
        guard featureCount >= 1 else { throw DetectionError(.invalidModel, "the forest has no features") }
        guard sampleSize >= 2 else {
            throw DetectionError(.invalidModel, "the forest's sample size is \(sampleSize); it must be at least 2")
        }
        guard maxDepth == maximumDepth(sampleSize: sampleSize) else {
            throw DetectionError(
                .invalidModel,
                "the forest's maximum depth is \(maxDepth), but a sample size of \(sampleSize) gives \(maximumDepth(sampleSize: sampleSize))"
            )
        }
        for (index, tree) in trees.enumerated() {
            let rebuilt: IsolationTree
            do {
                rebuilt = try IsolationTree(
                    feature: tree.feature, threshold: tree.threshold, left: tree.left, right: tree.right,
                    samples: tree.samples, featureCount: featureCount, maxDepth: maxDepth)
            } catch {
                throw DetectionError(.invalidModel, "tree \(index): \(error.message)")
            }
            guard Int(rebuilt.samples[0]) == sampleSize else {
                throw DetectionError(
                    .invalidModel,
                    "tree \(index): the root holds \(rebuilt.samples[0]) samples, but the sample size is \(sampleSize)")
            }
        }
        self.init(unchecked: trees, featureCount: featureCount, sampleSize: sampleSize, maxDepth: maxDepth)
    }

    private init(unchecked trees: [IsolationTree], featureCount: Int, sampleSize: Int, maxDepth: Int) {
        self.trees = trees
        self.featureCount = featureCount
        self.sampleSize = sampleSize
        self.maxDepth = maxDepth
        compiled = CompiledForest(trees: trees, featureCount: featureCount)
    }

    /// Grows a forest on `data` (at least 2 rows). Trees are grown in parallel on up to `threads`
    /// threads; each draws from its own stream of the seed, so the result does not depend on it.
    public static func train(
        _ data: FeatureMatrix, parameters: Parameters = Parameters(), threads: Int = defaultThreadCount
    ) throws(DetectionError) -> IsolationForest {
        try parameters.validate()
        guard data.rowCount >= 2 else {
            throw DetectionError(.invalidInput, "training needs at least 2 rows, got \(data.rowCount)")
        }
        let psi = min(parameters.sampleSize, data.rowCount)
        let depth = maximumDepth(sampleSize: psi)
        let trees = data.values.withUnsafeBufferPointer { values in
            let matrix = ReadOnlyBuffer(values)
            return Parallel.map(count: parameters.trees, threads: threads) { index -> IsolationTree in
                var random = SeededGenerator(seed: parameters.seed, stream: UInt64(index))
                let rows = sampleWithoutReplacement(psi, from: data.rowCount, using: &random)
                var builder = TreeBuilder(matrix: matrix.buffer, columns: data.columnCount, rows: rows, maxDepth: depth)
                return builder.build(using: &random)
            }
        }
        return IsolationForest(unchecked: trees, featureCount: data.columnCount, sampleSize: psi, maxDepth: depth)
    }

    /// The cores of this machine: the default parallelism of training and scoring.
    public static var defaultThreadCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// c(ψ), the normaliser of path lengths.
    var normaliser: Double { averagePathLength(sampleSize) }

    /// s(x) from a sum of path lengths over all trees.
    @inline(__always)
    func score(pathLengthSum: Double) -> Double {
        exp2(-(pathLengthSum / Double(trees.count)) / normaliser)
    }
}

/// `count` distinct indices in `0..<population` (Floyd's algorithm: O(count), no array of the
/// population), in a deterministic order.
func sampleWithoutReplacement(_ count: Int, from population: Int, using random: inout SeededGenerator) -> [Int] {
    if count >= population { return Array(0..<population) }
    var chosen = Set<Int>(minimumCapacity: count)
    var result: [Int] = []
    result.reserveCapacity(count)
    for j in (population - count)..<population {
        let t = random.nextIndex(below: j + 1)
        let pick = chosen.contains(t) ? j : t
        chosen.insert(pick)
        result.append(pick)
    }
    return result
}

/// Training data shared by the tree-growing workers. Safe to share: it is only read, and it
/// outlives them (they finish inside `withUnsafeBufferPointer`).
struct ReadOnlyBuffer: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Double>
    init(_ buffer: UnsafeBufferPointer<Double>) { self.buffer = buffer }
}
