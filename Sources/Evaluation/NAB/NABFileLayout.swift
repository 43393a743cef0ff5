public import Foundation

/// Where a file's probationary period and anomaly windows lie, and what each row is worth when
/// detected (NAB's "sweep score", before the profile's weights are applied).
public struct NABFileLayout: Sendable, Hashable {
    /// What a detection on one row is worth, per unit of the profile's weight.
    public enum RowWeight: Sendable, Hashable {
        /// Inside window `window` (file-local index): multiply by A_TP.
        case window(Int, Double)
        /// Outside every window: a non-positive factor to multiply by A_FP.
        case outside(Double)
    }

    /// Number of rows in the file.
    public let count: Int
    /// Rows with index below this are not scored.
    public let probation: Int
    /// Windows as inclusive row ranges, sorted, not overlapping.
    public let windows: [ClosedRange<Int>]
    /// The unit weight of each row.
    public let weights: [RowWeight]

    /// P = min(floor(0.15·N), 750).
    public static func probationaryPeriod(rows: Int) -> Int { min(Int((0.15 * Double(rows)).rounded(.down)), 750) }

    /// A window counts only when some row of it lies after the probationary period.
    public var countedWindows: [Int] { windows.indices.filter { windows[$0].upperBound >= probation } }

    /// Lays out a file with `count` rows and the given windows (row ranges).
    public init(count: Int, windows: [ClosedRange<Int>]) {
        self.count = count
        self.probation = Self.probationaryPeriod(rows: count)
        self.windows = windows
        var weights: [RowWeight] = []
        weights.reserveCapacity(count)
        var next = 0
        var previous: ClosedRange<Int>?
        let top = Self.scaledSigmoid(-1)
        for i in 0..<count {
            while next < windows.count, windows[next].upperBound < i {
                previous = windows[next]
                next += 1
            }
            if next < windows.count, windows[next].contains(i) {
                let window = windows[next]
                let width = Double(window.count)
                let y = -Double(window.upperBound - i + 1) / width
                weights.append(.window(next, Self.scaledSigmoid(y) / top))
            } else if let previous {
                // NAB divides by W − 1; a one-row window would divide by zero there. Treat it as
                // width 2 so the decay stays finite (no such window exists in NAB).
                let span = Double(max(previous.count - 1, 1))
                weights.append(.outside(Self.scaledSigmoid(Double(i - previous.upperBound) / span)))
            } else {
                weights.append(.outside(-1))
            }
        }
        self.weights = weights
    }

    /// Lays out a file from its row timestamps and its windows as (start, end) timestamps, both
    /// inclusive. Each window must cover at least one row.
    public init(timestamps: [Date], windows: [(start: Date, end: Date)], file: String) throws(EvaluationError) {
        var ranges: [ClosedRange<Int>] = []
        for (start, end) in windows {
            guard start <= end else {
                throw EvaluationError(.badLabels, "\(file): window \(start)…\(end) ends before it starts")
            }
            // Row order, not time order: a few NAB files repeat or step back a timestamp. The
            // window starts at the first row stamped `start` and ends at the first row stamped
            // `end` after it; without exact matches, at the rows the range encloses.
            let lower = timestamps.firstIndex(of: start) ?? timestamps.firstIndex { $0 >= start } ?? timestamps.count
            let tail = timestamps[lower...]
            let upper = tail.firstIndex(of: end) ?? ((tail.firstIndex { $0 > end } ?? timestamps.count) - 1)
            guard lower <= upper else {
                throw EvaluationError(.badLabels, "\(file): window \(start)…\(end) covers no row of the file")
            }
            if let last = ranges.last, last.upperBound >= lower {
                throw EvaluationError(.badLabels, "\(file): windows overlap or are not sorted at \(start)")
            }
            ranges.append(lower...upper)
        }
        self.init(count: timestamps.count, windows: ranges)
    }

    /// NAB's scaled sigmoid: 2·σ(−5y) − 1 for y ≤ 3, −1 beyond.
    public static func scaledSigmoid(_ y: Double) -> Double {
        if y > 3 { return -1 }
        return 2 / (1 + exp(5 * y)) - 1
    }
}
