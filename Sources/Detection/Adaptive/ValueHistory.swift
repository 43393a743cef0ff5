import Foundation

/// The recent points of one stream, oldest first, in a ring: what the features look back on.
struct ValueHistory: Sendable, Hashable, Codable {
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

    /// The value recorded nearest to `time`, if one lies within `tolerance` seconds of it.
    func value(near time: Double, tolerance: Double) -> Double? {
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
        return best.map { values[physical($0)] }
    }

    private func medianStep() -> Double? {
        guard values.count >= 3 else { return nil }
        var steps = (1..<values.count).map { times[physical($0)] - times[physical($0 - 1)] }.filter { $0 > 0 }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        return steps[steps.count / 2]
    }

    private func physical(_ logical: Int) -> Int { values.count < capacity ? logical : (head + logical) % capacity }
}
