/// Grows one isolation tree on a subsample, as scikit-learn's `ExtraTreeRegressor(max_features=1,
/// splitter="random")` does inside `IsolationForest`: at each node a random feature among those
/// not constant in the node, a threshold uniform between the node's min and max of it, points
/// `<= threshold` to the left; a node becomes a leaf at one point, at the depth limit, or when
/// every feature is constant in it.
struct TreeBuilder {
    /// Below this spread scikit-learn treats a feature as constant in a node (`FEATURE_THRESHOLD`).
    static let constantFeatureSpread = 1e-7

    private let columns: Int
    private let maxDepth: Int
    /// The subsample, gathered row-major so the node loops read contiguous memory.
    private var data: [Double]
    /// Row indices into `data`; each node owns a contiguous range, partitioned in place.
    private var order: [Int32]
    private var candidates: [Int]

    private var feature: [Int32] = []
    private var threshold: [Double] = []
    private var left: [Int32] = []
    private var right: [Int32] = []
    private var samples: [Int32] = []

    /// A builder over the rows `rows` of `matrix`.
    init(matrix: UnsafeBufferPointer<Double>, columns: Int, rows: [Int], maxDepth: Int) {
        self.columns = columns
        self.maxDepth = maxDepth
        var gathered = [Double]()
        gathered.reserveCapacity(rows.count * columns)
        for row in rows {
            gathered.append(contentsOf: matrix[row * columns..<(row + 1) * columns])
        }
        data = gathered
        order = (0..<Int32(rows.count)).map { $0 }
        candidates = Array(0..<columns)
    }

    /// Grows the tree, drawing from `random`.
    mutating func build(using random: inout SeededGenerator) -> IsolationTree {
        let capacity = 2 * order.count
        feature.reserveCapacity(capacity)
        threshold.reserveCapacity(capacity)
        left.reserveCapacity(capacity)
        right.reserveCapacity(capacity)
        samples.reserveCapacity(capacity)
        appendNode(count: order.count)
        // Depth-first, left before right, like scikit-learn's DepthFirstTreeBuilder.
        var stack: [(node: Int, start: Int, end: Int, depth: Int)] = [(0, 0, order.count, 0)]
        while let (node, start, end, depth) = stack.popLast() {
            guard end - start > 1, depth < maxDepth,
                let split = chooseSplit(start: start, end: end, random: &random)
            else { continue }
            let middle = partition(start: start, end: end, feature: split.feature, threshold: split.threshold)
            let leftChild = feature.count
            appendNode(count: middle - start)
            appendNode(count: end - middle)
            feature[node] = Int32(split.feature)
            threshold[node] = split.threshold
            left[node] = Int32(leftChild)
            right[node] = Int32(leftChild + 1)
            stack.append((leftChild + 1, middle, end, depth + 1))
            stack.append((leftChild, start, middle, depth + 1))
        }
        return IsolationTree(unchecked: feature, threshold: threshold, left: left, right: right, samples: samples)
    }

    private mutating func appendNode(count: Int) {
        feature.append(-1)
        threshold.append(0)
        left.append(-1)
        right.append(-1)
        samples.append(Int32(count))
    }

    /// Draws features without replacement until one is not constant in the node, then a threshold
    /// uniform in [min, max) of it; nil when every feature is constant.
    private mutating func chooseSplit(start: Int, end: Int, random: inout SeededGenerator)
        -> (feature: Int, threshold: Double)?
    {
        var remaining = columns
        while remaining > 0 {
            let pick = random.nextIndex(below: remaining)
            let candidate = candidates[pick]
            candidates.swapAt(pick, remaining - 1)
            remaining -= 1
            var low = Double.infinity
            var high = -Double.infinity
            for i in start..<end {
                let value = data[Int(order[i]) * columns + candidate]
                low = min(low, value)
                high = max(high, value)
            }
            if high <= low + Self.constantFeatureSpread { continue }
            var cut = low + (high - low) * random.nextUnit()
            // Rounding can land on `high`, which would send every point left.
            if cut >= high { cut = low }
            return (candidate, cut)
        }
        return nil
    }

    /// Moves the node's points with `value <= threshold` to the front of its range; returns where
    /// the right part starts.
    private mutating func partition(start: Int, end: Int, feature: Int, threshold: Double) -> Int {
        var i = start
        var j = end - 1
        while i <= j {
            if data[Int(order[i]) * columns + feature] <= threshold {
                i += 1
            } else {
                order.swapAt(i, j)
                j -= 1
            }
        }
        return i
    }
}
