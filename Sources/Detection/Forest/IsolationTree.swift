/// One isolation tree in flat arrays (one entry per node, no object per node). Node 0 is the root.
/// An internal node sends a point left when `point[feature] <= threshold` (scikit-learn's rule),
/// right otherwise; a leaf has `feature == -1` and no children. `samples` is the number of
/// training points that reached the node: a leaf adds c(samples) to the path length.
public struct IsolationTree: Sendable, Hashable {
    public private(set) var feature: [Int32]
    public private(set) var threshold: [Double]
    public private(set) var left: [Int32]
    public private(set) var right: [Int32]
    public private(set) var samples: [Int32]

    /// The tree over these node arrays, checked: equal lengths, children in range, every node
    /// reached exactly once from the root (no cycle, no shared or unreachable node), finite
    /// thresholds, feature indices below `featureCount`, sample counts that add up, and depth at
    /// most `maxDepth`. The error names the first problem found.
    public init(
        feature: [Int32], threshold: [Double], left: [Int32], right: [Int32], samples: [Int32],
        featureCount: Int, maxDepth: Int
    ) throws(DetectionError) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.samples = samples
        try validate(featureCount: featureCount, maxDepth: maxDepth)
    }

    /// A tree the builder grew; valid by construction.
    init(unchecked feature: [Int32], threshold: [Double], left: [Int32], right: [Int32], samples: [Int32]) {
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.samples = samples
    }

    public var nodeCount: Int { feature.count }

    /// The depth of every node (edges from the root). Valid trees only.
    func depths() -> [Int] {
        var depth = [Int](repeating: 0, count: nodeCount)
        var stack: [Int] = [0]
        while let node = stack.popLast() {
            guard feature[node] >= 0 else { continue }
            for child in [Int(left[node]), Int(right[node])] {
                depth[child] = depth[node] + 1
                stack.append(child)
            }
        }
        return depth
    }

    /// The deepest leaf's depth.
    var height: Int { depths().max() ?? 0 }

    /// h(x): the depth of the leaf `point` falls into plus c(n) for the n training points left
    /// there. The plain walk, for tests and reference; scoring uses `CompiledForest`.
    public func pathLength(_ point: [Double]) -> Double {
        var node = 0
        var depth = 0
        while feature[node] >= 0 {
            node = Int(point[Int(feature[node])] <= threshold[node] ? left[node] : right[node])
            depth += 1
        }
        return Double(depth) + averagePathLength(Int(samples[node]))
    }

    private func validate(featureCount: Int, maxDepth: Int) throws(DetectionError) {
        let count = feature.count
        func fail(_ what: String) -> DetectionError { DetectionError(.invalidModel, what) }
        guard count > 0 else { throw fail("has no nodes") }
        for (name, length) in [
            ("threshold", threshold.count), ("left", left.count), ("right", right.count), ("samples", samples.count),
        ] where length != count {
            throw fail("has \(count) entries in 'feature' but \(length) in '\(name)'")
        }
        var reached = [Bool](repeating: false, count: count)
        var depth = [Int](repeating: 0, count: count)
        reached[0] = true
        var stack: [Int] = [0]
        while let node = stack.popLast() {
            guard samples[node] >= 1 else { throw fail("node \(node) has \(samples[node]) samples (at least 1)") }
            if feature[node] == -1 {
                guard left[node] == -1, right[node] == -1 else {
                    throw fail("node \(node) is a leaf (feature -1) but has children")
                }
                continue
            }
            guard feature[node] >= 0, Int(feature[node]) < featureCount else {
                throw fail(
                    "node \(node) splits on feature \(feature[node]), but the model has \(featureCount) feature(s)")
            }
            guard threshold[node].isFinite else {
                throw fail("node \(node) has threshold \(threshold[node]); thresholds must be finite numbers")
            }
            guard depth[node] < maxDepth else {
                throw fail("node \(node) splits at depth \(depth[node]), beyond the maximum depth \(maxDepth)")
            }
            var childSamples: Int32 = 0
            for child in [left[node], right[node]] {
                guard child > 0, Int(child) < count else {
                    throw fail("node \(node) has child \(child), outside 1..<\(count)")
                }
                guard !reached[Int(child)] else {
                    throw fail("node \(child) is reached twice (a cycle or a shared node)")
                }
                reached[Int(child)] = true
                depth[Int(child)] = depth[node] + 1
                childSamples = childSamples &+ samples[Int(child)]
                stack.append(Int(child))
            }
            guard childSamples == samples[node] else {
                throw fail("node \(node) has \(samples[node]) samples but its children add up to \(childSamples)")
            }
        }
        if let orphan = reached.firstIndex(of: false) {
            throw fail("node \(orphan) is not reachable from the root")
        }
    }
}
