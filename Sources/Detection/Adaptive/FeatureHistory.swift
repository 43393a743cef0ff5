/// What a detector remembers of one feature over a long horizon, in little memory: a subsampled
/// window for its median and spread, and the extremes of fixed-size blocks for how far it reached.
/// Exact quantiles over 8,000 points per feature would cost 10,000 instances gigabytes; this keeps
/// about 12 KB per feature and gives the same answer for the maximum and nearly the same median.
struct FeatureHistory: Sendable {
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

/// Saved field by field; the open block's extremes only while it holds points (an empty block's
/// are infinite, which JSON cannot carry). Shapes are checked against the horizon they imply.
extension FeatureHistory: Codable, Hashable {
    private enum CodingKeys: String, CodingKey {
        case sample, maxima, minima, sampleStride, blockSize, seen, blockCount, blockMax, blockMin
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sample = try container.decode(SortedWindow.self, forKey: .sample)
        blockMaxima = try container.decode(SortedWindow.self, forKey: .maxima)
        blockMinima = try container.decode(SortedWindow.self, forKey: .minima)
        sampleStride = try container.decode(Int.self, forKey: .sampleStride)
        blockSize = try container.decode(Int.self, forKey: .blockSize)
        seen = try container.decode(Int.self, forKey: .seen)
        blockCount = try container.decode(Int.self, forKey: .blockCount)
        blockMax = try container.decodeIfPresent(Double.self, forKey: .blockMax) ?? -.infinity
        blockMin = try container.decodeIfPresent(Double.self, forKey: .blockMin) ?? .infinity
        func corrupt(_ key: CodingKeys, _ problem: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: problem)
        }
        guard sampleStride >= 1, blockSize >= 1 else {
            throw corrupt(.blockSize, "the sample stride and block size must be at least 1")
        }
        guard seen >= sample.count else { throw corrupt(.seen, "fewer points seen than the sample holds") }
        guard (0..<blockSize).contains(blockCount) else {
            throw corrupt(.blockCount, "\(blockCount) is not below the block size \(blockSize)")
        }
        guard blockMaxima.capacity == blockMinima.capacity, blockMaxima.count == blockMinima.count,
            zip(blockMinima.inOrder, blockMaxima.inOrder).allSatisfy({ $0 <= $1 })
        else { throw corrupt(.minima, "the block minima do not pair with the block maxima") }
        guard blockCount == 0 || (blockMax.isFinite && blockMin.isFinite && blockMin <= blockMax) else {
            throw corrupt(.blockMax, "the open block holds points but its extremes are missing or crossed")
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(sample, forKey: .sample)
        try container.encode(blockMaxima, forKey: .maxima)
        try container.encode(blockMinima, forKey: .minima)
        try container.encode(sampleStride, forKey: .sampleStride)
        try container.encode(blockSize, forKey: .blockSize)
        try container.encode(seen, forKey: .seen)
        try container.encode(blockCount, forKey: .blockCount)
        if blockCount > 0 {
            try container.encode(blockMax, forKey: .blockMax)
            try container.encode(blockMin, forKey: .blockMin)
        }
    }

    /// Whether this history has the shape a fresh one of `horizon` points has.
    func hasShape(of fresh: FeatureHistory) -> Bool {
        sample.capacity == fresh.sample.capacity && blockMaxima.capacity == fresh.blockMaxima.capacity
            && sampleStride == fresh.sampleStride && blockSize == fresh.blockSize
    }
}

extension Double {
    fileprivate var finite: Double? { isFinite ? self : nil }
}
