/// The ensemble's Isolation Forest: grown on the recent feature vectors (each feature as its signed
/// novelty, so every series looks alike to it), regrown every `retrainEvery` vectors on the last
/// `capacity` of them (14 days of 5-minute points by default), and its score judged against its
/// own recent scores the way the features are judged against theirs.
struct ForestMember: Sendable {
    let trees: Int
    let sampleSize: Int
    let retrainEvery: Int
    let seed: UInt64
    let capacity: Int
    let dimension: Int
    /// The training vectors: a ring of up to `capacity` rows of `dimension` values.
    private var buffer: [Double] = []
    private var head = 0
    private var rows = 0
    private var sinceTraining = 0
    private var generation: UInt64 = 0
    private var forest: IsolationForest?
    private var scores: FeatureHistory

    init(dimension: Int, trees: Int, sampleSize: Int, capacity: Int, retrainEvery: Int, seed: UInt64, horizon: Int) {
        self.dimension = dimension
        self.trees = trees
        self.sampleSize = sampleSize
        self.capacity = capacity
        self.retrainEvery = retrainEvery
        self.seed = seed
        scores = FeatureHistory(horizon: horizon)
    }

    /// How novel the forest finds `row` (its score above the median of its recent scores, in units
    /// of how far they reached), once it has a forest; then learns `row`.
    mutating func observe(_ row: [Double]) -> Double? {
        var novelty: Double?
        if let forest, let score = try? forest.score(row) {
            if scores.count >= 10, let median = scores.median, let top = scores.maximum {
                novelty = score > median ? (score - median) / max(top - median, 1e-9) : 0
            }
            scores.append(score)
        }
        append(row)
        sinceTraining += 1
        if forest == nil ? rows >= sampleSize : sinceTraining >= retrainEvery { retrain() }
        return novelty
    }

    private mutating func append(_ row: [Double]) {
        if rows < capacity {
            buffer.append(contentsOf: row)
            rows += 1
        } else {
            for j in 0..<dimension { buffer[head * dimension + j] = row[j] }
            head = (head + 1) % capacity
        }
    }

    private mutating func retrain() {
        sinceTraining = 0
        generation += 1
        // Finite rows of `dimension` values always train; keep the old forest if they did not.
        guard let matrix = try? FeatureMatrix(values: buffer, columnCount: dimension),
            let grown = try? IsolationForest.train(
                matrix, parameters: .init(trees: trees, sampleSize: sampleSize, seed: seed &+ generation), threads: 1)
        else { return }
        forest = grown
    }
}
