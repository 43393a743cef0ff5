/// The forest laid out for scoring. Trees up to `completeLayoutMaxDepth` deep are stored as
/// complete binary trees of one common depth D (node i has children 2i+1 and 2i+2; a leaf above
/// the bottom is padded with always-left nodes down to it), so every walk is exactly D
/// branch-free steps and the CPU overlaps the walks of consecutive points. Deeper trees (sample
/// sizes above 4,096) keep the sparse node arrays and a plain walk.
struct CompiledForest: Sendable {
    static let completeLayoutMaxDepth = 12

    let treeCount: Int
    let featureCount: Int
    private let layout: Layout

    private enum Layout: Sendable {
        /// `feature`/`threshold`: `internalCount` per tree; `leaf`: `internalCount + 1` per tree,
        /// each the leaf's depth + c(n).
        case complete(depth: Int, internalCount: Int, feature: [Int32], threshold: [Double], leaf: [Double])
        /// All trees' nodes concatenated; `roots[t]` is tree t's root; `leaf` is depth + c(n) at
        /// leaves (feature −1).
        case sparse(
            roots: [Int32], feature: [Int32], threshold: [Double], left: [Int32], right: [Int32], leaf: [Double])
    }

    init(trees: [IsolationTree], featureCount: Int) {
        treeCount = trees.count
        self.featureCount = featureCount
        let depth = trees.map(\.height).max() ?? 0
        layout = depth <= Self.completeLayoutMaxDepth ? Self.complete(trees, depth: depth) : Self.sparse(trees)
    }

    private static func complete(_ trees: [IsolationTree], depth: Int) -> Layout {
        let internalCount = (1 << depth) - 1
        let leafCount = internalCount + 1
        // Padding nodes send every point left: nothing compares greater than +infinity.
        var feature = [Int32](repeating: 0, count: trees.count * internalCount)
        var threshold = [Double](repeating: .infinity, count: trees.count * internalCount)
        var leaf = [Double](repeating: 0, count: trees.count * leafCount)
        for (t, tree) in trees.enumerated() {
            var stack: [(node: Int, slot: Int, depth: Int)] = [(0, 0, 0)]
            while let (node, slot, level) = stack.popLast() {
                if tree.feature[node] >= 0 {
                    feature[t * internalCount + slot] = tree.feature[node]
                    threshold[t * internalCount + slot] = tree.threshold[node]
                    stack.append((Int(tree.left[node]), 2 * slot + 1, level + 1))
                    stack.append((Int(tree.right[node]), 2 * slot + 2, level + 1))
                } else {
                    var bottom = slot
                    for _ in level..<depth { bottom = 2 * bottom + 1 }
                    leaf[t * leafCount + bottom - internalCount] =
                        Double(level) + averagePathLength(Int(tree.samples[node]))
                }
            }
        }
        return .complete(
            depth: depth, internalCount: internalCount, feature: feature, threshold: threshold, leaf: leaf)
    }

    private static func sparse(_ trees: [IsolationTree]) -> Layout {
        var roots: [Int32] = []
        var feature: [Int32] = []
        var threshold: [Double] = []
        var left: [Int32] = []
        var right: [Int32] = []
        var leaf: [Double] = []
        for tree in trees {
            let base = Int32(feature.count)
            roots.append(base)
            let depths = tree.depths()
            for node in 0..<tree.nodeCount {
                let isLeaf = tree.feature[node] < 0
                feature.append(tree.feature[node])
                threshold.append(tree.threshold[node])
                left.append(isLeaf ? -1 : base + tree.left[node])
                right.append(isLeaf ? -1 : base + tree.right[node])
                leaf.append(isLeaf ? Double(depths[node]) + averagePathLength(Int(tree.samples[node])) : 0)
            }
        }
        return .sparse(roots: roots, feature: feature, threshold: threshold, left: left, right: right, leaf: leaf)
    }

    /// Adds every tree's path length of each row of `block` to `sums`. Trees are visited in the
    /// same order for every row, so a row's sum is the same whatever block or thread it is in.
    func accumulatePathLengths(_ block: FeatureBlock, into sums: UnsafeMutablePointer<Double>) {
        let rowCount = block.rowCount
        switch layout {
        case .complete(let depth, let internalCount, let feature, let threshold, let leaf):
            feature.withUnsafeBufferPointer { featureBuffer in
                threshold.withUnsafeBufferPointer { thresholdBuffer in
                    leaf.withUnsafeBufferPointer { leafBuffer in
                        guard let leaves = leafBuffer.baseAddress else { return }
                        let leafCount = internalCount + 1
                        for t in 0..<treeCount {
                            let treeLeaves = leaves + t * leafCount
                            // A depth-0 forest has no internal nodes (and maybe no base address).
                            guard depth > 0, let f = featureBuffer.baseAddress, let h = thresholdBuffer.baseAddress
                            else {
                                for r in 0..<rowCount { sums[r] += treeLeaves[0] }
                                continue
                            }
                            let tree = CompleteTree(
                                feature: f + t * internalCount, threshold: h + t * internalCount,
                                leaves: treeLeaves - internalCount, depth: depth)
                            if featureCount == 1 {
                                tree.addSingleFeaturePathLengths(block, into: sums)
                            } else {
                                tree.addPathLengths(block, into: sums)
                            }
                        }
                    }
                }
            }
        case .sparse(let roots, let feature, let threshold, let left, let right, let leaf):
            for t in 0..<treeCount {
                for r in 0..<rowCount {
                    var node = Int(roots[t])
                    while feature[node] >= 0 {
                        let value = block.value(row: r, feature: Int(feature[node]))
                        node = Int(value <= threshold[node] ? left[node] : right[node])
                    }
                    sums[r] += leaf[node]
                }
            }
        }
    }
}

/// Rows to score, stored feature-major: feature f of row r is `values[(f << shift) + r]`. A block
/// of many rows is transposed into this form (shift = log2 of the block size) so that the eight
/// walks in flight share one base pointer; a single row is the same with shift 0.
struct FeatureBlock {
    /// The shift of a transposed block of `IsolationForest.scoringBlock` rows.
    static let blockShift = 8

    let values: UnsafePointer<Double>
    let shift: Int
    let rowCount: Int

    @inline(__always)
    func value(row: Int, feature: Int) -> Double { values[(feature &<< shift) &+ row] }
}
