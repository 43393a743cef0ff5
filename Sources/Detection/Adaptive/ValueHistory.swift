import Foundation

/// The recent points of one stream, oldest first, in a ring: what the features look back on.
struct ValueHistory: Sendable {
    private(set) var capacity: Int
    private var times: [Double] = []
    private var values: [Double] = []
    private var head = 0
    /// The median spacing, recomputed every `stepRefresh` appends: sorting the spacings on every
    /// point was most of the detector's cost.
    private(set) var typicalStep: Double?
    private var sinceStep = 0
    private static let stepRefresh = 256

    init(capacity: Int) { self.capacity = max(2, capacity) }

    var count: Int { values.count }

    /// The i-th most recent value (0 = the latest).
    func recent(_ i: Int) -> Double? {
        guard i >= 0, i < values.count else { return nil }
        return values[physical(values.count - 1 - i)]
    }

    mutating func append(time: Double, value: Double) {
        if values.count < capacity {
            times.append(time)
            values.append(value)
        } else {
            times[head] = time
            values[head] = value
            head = (head + 1) % capacity
        }
        sinceStep += 1
        if typicalStep == nil || sinceStep >= Self.stepRefresh {
            typicalStep = medianStep()
            sinceStep = 0
        }
    }

    /// The position (0 = oldest) of the point recorded nearest to `time`, if one lies within
    /// `tolerance` seconds of it.
    func nearestIndex(to time: Double, tolerance: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if times[physical(mid)] < time { low = mid + 1 } else { high = mid }
        }
        var best: Int?
        for candidate in [low - 1, low] where candidate >= 0 && candidate < values.count {
            let distance = abs(times[physical(candidate)] - time)
            if distance <= tolerance, best.map({ abs(times[physical($0)] - time) > distance }) ?? true {
                best = candidate
            }
        }
        return best
    }

    /// The value at `index` (0 = oldest).
    func value(at index: Int) -> Double { values[physical(index)] }

    private func medianStep() -> Double? {
        guard values.count >= 3 else { return nil }
        var steps = (1..<values.count).map { times[physical($0)] - times[physical($0 - 1)] }.filter { $0 > 0 }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        return steps[steps.count / 2]
    }

    private func physical(_ logical: Int) -> Int { values.count < capacity ? logical : (head + logical) % capacity }
}

/// Saved as the points in time order, the cached step and how long ago it was computed (so a
/// restored detector refreshes it on the same point as one that never stopped).
extension ValueHistory: Codable, Hashable {
    private enum CodingKeys: String, CodingKey { case capacity, times, values, step, sinceStep }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let capacity = try container.decode(Int.self, forKey: .capacity)
        let times = try container.decode([Double].self, forKey: .times)
        let values = try container.decode([Double].self, forKey: .values)
        let step = try container.decodeIfPresent(Double.self, forKey: .step)
        let sinceStep = try container.decode(Int.self, forKey: .sinceStep)
        func corrupt(_ key: CodingKeys, _ problem: String) -> DecodingError {
            DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: problem)
        }
        guard capacity >= 2 else { throw corrupt(.capacity, "the value history's capacity must be at least 2") }
        guard times.count == values.count else {
            throw corrupt(.values, "\(times.count) times but \(values.count) values")
        }
        guard values.count <= capacity else {
            throw corrupt(.values, "\(values.count) values do not fit a history of capacity \(capacity)")
        }
        guard times.allSatisfy(\.isFinite), values.allSatisfy(\.isFinite) else {
            throw corrupt(.values, "a time or value is not a finite number")
        }
        guard zip(times, times.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw corrupt(.times, "the times are not in order")
        }
        guard step.map({ $0.isFinite && $0 > 0 }) ?? true else { throw corrupt(.step, "the step must be positive") }
        guard (0..<Self.stepRefresh).contains(sinceStep) else {
            throw corrupt(.sinceStep, "must lie in 0..<\(Self.stepRefresh), not \(sinceStep)")
        }
        self.init(capacity: capacity)
        self.times = times
        self.values = values
        typicalStep = step
        self.sinceStep = sinceStep
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(capacity, forKey: .capacity)
        try container.encode((0..<count).map { times[physical($0)] }, forKey: .times)
        try container.encode((0..<count).map { values[physical($0)] }, forKey: .values)
        try container.encodeIfPresent(typicalStep, forKey: .step)
        try container.encode(sinceStep, forKey: .sinceStep)
    }

    /// The time of the latest point, if any.
    var lastTime: Double? { times.isEmpty ? nil : times[physical(count - 1)] }

    static func == (a: ValueHistory, b: ValueHistory) -> Bool {
        a.capacity == b.capacity && a.typicalStep == b.typicalStep && a.sinceStep == b.sinceStep
            && (0..<a.count).map { a.times[a.physical($0)] } == (0..<b.count).map { b.times[b.physical($0)] }
            && (0..<a.count).map { a.values[a.physical($0)] } == (0..<b.count).map { b.values[b.physical($0)] }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(capacity)
        hasher.combine(count)
        hasher.combine(lastTime)
    }
}
