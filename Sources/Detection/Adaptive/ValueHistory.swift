import Foundation

/// The recent points of one stream, oldest first, in a ring: what the features look back on.
struct ValueHistory: Sendable, Hashable, Codable {
    private(set) var capacity: Int
    private var times: [Double] = []
    private var values: [Double] = []
    private var head = 0

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

    /// The median of the `n` most recent values.
    func recentMedian(_ n: Int) -> Double? {
        let k = min(n, values.count)
        guard k > 0 else { return nil }
        var window = (0..<k).map { values[physical(values.count - 1 - $0)] }
        window.sort()
        return k % 2 == 1 ? window[k / 2] : (window[k / 2 - 1] + window[k / 2]) / 2
    }

    /// Mean and standard deviation of the `n` most recent values.
    func recentMoments(_ n: Int) -> (mean: Double, std: Double)? {
        let k = min(n, values.count)
        guard k > 0 else { return nil }
        var sum = 0.0
        var squares = 0.0
        for i in 0..<k {
            let v = values[physical(values.count - 1 - i)]
            sum += v
            squares += v * v
        }
        let mean = sum / Double(k)
        return (mean, (max(squares / Double(k) - mean * mean, 0)).squareRoot())
    }

    /// The median spacing of the recorded timestamps, in seconds.
    var typicalStep: Double? {
        guard values.count >= 3 else { return nil }
        var steps = (1..<values.count).map { times[physical($0)] - times[physical($0 - 1)] }.filter { $0 > 0 }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        return steps[steps.count / 2]
    }

    private func physical(_ logical: Int) -> Int { values.count < capacity ? logical : (head + logical) % capacity }
}
