/// What a detector remembers of one feature over a long horizon, in little memory: a subsampled
/// window for its median and spread, and the extremes of fixed-size blocks for how far it reached.
/// Exact quantiles over 8,000 points per feature would cost 10,000 instances gigabytes; this keeps
/// about 12 KB per feature and gives the same answer for the maximum and nearly the same median.
struct FeatureHistory: Sendable, Hashable, Codable {
    private var sample: SortedWindow
    private var blockMaxima: SortedWindow
    private var blockMinima: SortedWindow
    private let sampleStride: Int
    private let blockSize: Int
    private var seen = 0
    private var blockMax = -Double.infinity
    private var blockMin = Double.infinity
    private var blockCount = 0

    /// Remembers about `horizon` points: `samples` of them for the median, the extremes of
    /// `blocks` blocks for the reach.
    init(horizon: Int, samples: Int = 500, blocks: Int = 250) {
        let samples = max(10, min(samples, horizon))
        let blocks = max(1, min(blocks, horizon))
        sample = SortedWindow(capacity: samples)
        blockMaxima = SortedWindow(capacity: blocks)
        blockMinima = SortedWindow(capacity: blocks)
        sampleStride = max(1, horizon / samples)
        blockSize = max(1, horizon / blocks)
    }

    /// Points recorded so far (all of them, not just those remembered).
    var count: Int { seen }

    mutating func append(_ value: Double) {
        // Keep every point until the sample is full, then every `sampleStride`-th: the median is
        // sharp early on and spans the whole horizon later.
        if sample.count < sample.capacity || seen % sampleStride == 0 { sample.append(value) }
        seen += 1
        blockMax = max(blockMax, value)
        blockMin = min(blockMin, value)
        blockCount += 1
        if blockCount == blockSize {
            blockMaxima.append(blockMax)
            blockMinima.append(blockMin)
            blockMax = -.infinity
            blockMin = .infinity
            blockCount = 0
        }
    }

    var median: Double? { sample.quantile(0.5) }
    func quantile(_ q: Double) -> Double? { sample.quantile(q) }
    /// The largest value within the horizon.
    var maximum: Double? { max(blockMaxima.sorted.last ?? -.infinity, blockMax).finite }
    /// The smallest value within the horizon.
    var minimum: Double? { min(blockMinima.sorted.first ?? .infinity, blockMin).finite }
}

extension Double {
    fileprivate var finite: Double? { isFinite ? self : nil }
}
