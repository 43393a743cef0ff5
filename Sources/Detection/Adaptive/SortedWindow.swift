/// The last `capacity` values of a stream, kept both in arrival order and sorted, so quantiles are
/// O(1) and an update is a binary search plus a memmove: cheap enough for 10,000 instances a tick.
struct SortedWindow: Sendable {
    private(set) var capacity: Int
    /// Arrival order, as a ring.
    private var ring: [Double] = []
    private var head = 0
    private(set) var sorted: [Double] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        ring.reserveCapacity(self.capacity)
        sorted.reserveCapacity(self.capacity)
    }

    var count: Int { sorted.count }
    var isEmpty: Bool { sorted.isEmpty }

    mutating func append(_ value: Double) {
        if ring.count < capacity {
            ring.append(value)
        } else {
            let old = ring[head]
            ring[head] = value
            head = (head + 1) % capacity
            sorted.remove(at: Self.lowerBound(sorted, old))
        }
        sorted.insert(value, at: Self.lowerBound(sorted, value))
    }

    /// The q-quantile (nearest rank), or nil when empty.
    func quantile(_ q: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let index = Int((q * Double(sorted.count - 1)).rounded())
        return sorted[min(max(index, 0), sorted.count - 1)]
    }

    /// The most recent value, or nil when empty.
    var last: Double? {
        guard !ring.isEmpty else { return nil }
        return ring.count < capacity ? ring[ring.count - 1] : ring[(head + capacity - 1) % capacity]
    }

    /// The oldest value still held, or nil when empty.
    var oldest: Double? {
        guard !ring.isEmpty else { return nil }
        return ring.count < capacity ? ring[0] : ring[head]
    }

    /// The median (mean of the middle two for an even count), or nil when empty.
    var median: Double? {
        let n = sorted.count
        guard n > 0 else { return nil }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The values in arrival order, oldest first.
    var inOrder: [Double] { ring.count < capacity ? ring : Array(ring[head...] + ring[..<head]) }

    private static func lowerBound(_ array: [Double], _ value: Double) -> Int {
        var low = 0
        var high = array.count
        while low < high {
            let mid = (low + high) / 2
            if array[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Saved as its capacity and its values in arrival order: the sorted copy and the ring's head
/// are rebuilt on load, so a file cannot hold a sorted copy that disagrees with the values.
extension SortedWindow: Codable, Hashable {
    private enum CodingKeys: String, CodingKey { case capacity, values }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let capacity = try container.decode(Int.self, forKey: .capacity)
        let values = try container.decode([Double].self, forKey: .values)
        guard capacity >= 1 else {
            throw DecodingError.dataCorruptedError(
                forKey: .capacity, in: container,
                debugDescription: "a window's capacity must be at least 1, not \(capacity)")
        }
        guard values.count <= capacity else {
            throw DecodingError.dataCorruptedError(
                forKey: .values, in: container,
                debugDescription: "\(values.count) values do not fit a window of capacity \(capacity)")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw DecodingError.dataCorruptedError(
                forKey: .values, in: container, debugDescription: "a window holds a value that is not a finite number")
        }
        self.init(capacity: capacity)
        for value in values { append(value) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(capacity, forKey: .capacity)
        try container.encode(inOrder, forKey: .values)
    }

    static func == (a: SortedWindow, b: SortedWindow) -> Bool { a.capacity == b.capacity && a.inOrder == b.inOrder }

    func hash(into hasher: inout Hasher) {
        hasher.combine(capacity)
        hasher.combine(inOrder)
    }
}
