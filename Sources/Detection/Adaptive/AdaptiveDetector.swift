public import AIOpsCore
import Foundation

/// The feature-window detector: how novel several features are (the value, its deviation from a
/// rolling median, its rate of change, its seasonal residual, its rolling spread) against their
/// own long history, combined by their maximum, calibrated into [0, 1) and damped after an alert
/// so an episode alerts once.
public struct AdaptiveDetector: StreamingDetector {
    public var name: String
    public var configuration: AdaptiveConfiguration
    /// The score at and above which `isAnomaly` is set. 0.525 is what NAB's three profiles pick on
    /// the development corpus: one number for every series, because the scores are relative to
    /// each series' own history.
    public var threshold: Double
    var values: ValueHistory
    /// The last `medianWindow` values, sorted: the rolling median in O(1).
    var medianWindow: SortedWindow
    /// The last `spreadWindow` − 1 values (with the new one, the rolling spread's window).
    var spreadWindow: SortedWindow
    var featureHistory: [FeatureHistory]
    var recentScores: [Double] = []
    var seen = 0

    public init(name: String = "adaptive", configuration: AdaptiveConfiguration = .init(), threshold: Double = 0.525) {
        self.name = name
        self.configuration = configuration
        self.threshold = threshold
        values = ValueHistory(capacity: configuration.valueCapacity)
        medianWindow = SortedWindow(capacity: configuration.medianWindow)
        spreadWindow = SortedWindow(capacity: max(configuration.spreadWindow - 1, 1))
        featureHistory = configuration.features.map { _ in FeatureHistory(horizon: configuration.historyCapacity) }
    }

    public mutating func observe(_ point: MetricPoint) -> DetectorOutput {
        observe(point) { _ in nil }
    }

    /// The features' horizon, plus the raw values the first of those features were computed from
    /// (a week for the seasonal one).
    public var horizon: Int { configuration.historyCapacity + configuration.valueCapacity }

    /// Scores against `threshold` for this point only; the expected range widens with it (the
    /// band is where the value may go without alerting).
    public mutating func observe(_ point: MetricPoint, threshold: Double) -> DetectorOutput {
        let own = self.threshold
        self.threshold = threshold
        defer { self.threshold = own }
        return observe(point)
    }

    /// Scores `point` and learns from it. `member` sees each feature's signed novelty (nil while a
    /// feature has no history yet) and may add a novelty of its own, named, which joins the
    /// features' by their maximum: how an ensemble member built on these features takes part.
    mutating func observe(_ point: MetricPoint, member: ([Double?]) -> (Double, String)?) -> DetectorOutput {
        let time = point.timestamp.timeIntervalSince1970
        // A missing datapoint is no evidence, and a late one would break the time order the
        // seasonal lookup relies on: neither is scored or learnt from.
        guard point.value.isFinite, time.isFinite, time >= values.lastTime ?? -.infinity else {
            return DetectorOutput(score: 0, isAnomaly: false, expected: expectedRange())
        }
        let features = configuration.features.map { feature(of: $0, value: point.value, time: time) }
        var bestZ = 0.0
        var driver: Int?
        var signed: [Double?] = []
        signed.reserveCapacity(features.count)
        var band = Band(allowed: allowedNovelty)
        let norm = configuration.seasonalReturnAlerts ? nil : seasonalNorm(features)
        for (i, f) in features.enumerated() {
            guard let f, let reach = Reach(featureHistory[i], relativeFloor: configuration.relativeFloor) else {
                signed.append(nil)
                continue
            }
            let (z, above) = reach.novelty(f)
            signed.append(above ? z : -z)
            let kind = configuration.features[i]
            // Back from an excursion to the usual level for this time: the rolling median (or the
            // previous point) it departs from is the excursion's, not the series' norm, so the way
            // back is no new anomaly (see `seasonalReturnAlerts`).
            if let norm, kind == .deviation || kind == .rateOfChange, norm.isReturn(from: f) { continue }
            // Every feature but the spread is the value less a baseline: it bounds the value.
            if kind != .spread {
                band.narrow(by: reach, feature: f, value: point.value, isDeviation: kind == .deviation)
            }
            // A series going flat is not, by itself, worth an alert (see `flatSpreadAlerts`).
            if configuration.features[i] == .spread, !above, !configuration.flatSpreadAlerts { continue }
            if z > bestZ {
                bestZ = z
                driver = i
            }
        }
        var driverName = driver.map { configuration.features[$0].rawValue }
        if let (z, name) = member(signed), z > bestZ {
            bestZ = z
            driverName = name
        }
        let expected = band.range ?? expectedRange()
        for (i, f) in features.enumerated() { if let f { featureHistory[i].append(f) } }
        values.append(time: time, value: point.value)
        medianWindow.append(point.value)
        spreadWindow.append(point.value)
        seen += 1
        guard seen > configuration.warmup else { return DetectorOutput(score: 0, isAnomaly: false, expected: expected) }

        let calibrated = bestZ / (bestZ + configuration.scale)
        let peak = recentScores.max() ?? 0
        let score = calibrated > peak ? calibrated : calibrated * configuration.damping
        recentScores.append(calibrated)
        if recentScores.count > configuration.refractory { recentScores.removeFirst() }
        return DetectorOutput(
            score: score, isAnomaly: score >= threshold, expected: expected, drivingFeature: driverName)
    }

    private func feature(of kind: AdaptiveConfiguration.Feature, value: Double, time: Double) -> Double? {
        switch kind {
        case .value:
            return value
        case .deviation:
            return medianWindow.median.map { value - $0 }
        case .rateOfChange:
            return values.recent(0).map { value - $0 }
        case .seasonal:
            return seasonalBaseline(at: time).map { value - $0 }
        case .spread:
            guard spreadWindow.count == spreadWindow.capacity else { return nil }
            // Two passes over a dozen values: exact, so a flat series has a spread of exactly 0.
            let window = spreadWindow.sorted
            let n = Double(window.count + 1)
            var sum = value
            for v in window { sum += v }
            let mean = sum / n
            var squares = (value - mean) * (value - mean)
            for v in window { squares += (v - mean) * (v - mean) }
            return (squares / n).squareRoot()
        }
    }

    /// The seasonal residual and its reach when the value lies well within the seasonal
    /// expectation (its seasonal novelty below `seasonalReturnWithin` of the threshold's).
    private func seasonalNorm(_ features: [Double?]) -> SeasonalNorm? {
        guard let index = configuration.features.firstIndex(of: .seasonal), let residual = features[index],
            let reach = Reach(featureHistory[index], relativeFloor: configuration.relativeFloor),
            reach.novelty(residual).0 < allowedNovelty * configuration.seasonalReturnWithin
        else { return nil }
        return SeasonalNorm(
            reach: reach, residual: residual, departure: allowedNovelty * configuration.seasonalReturnFrom)
    }

    /// The usual value at this time of day: for each of the last `seasonalDays` days, the median
    /// of the points within `seasonalRadius` of the same time, and the median of those. One odd day
    /// (yesterday's spike) no longer makes today's normal value look anomalous.
    private func seasonalBaseline(at time: Double) -> Double? {
        guard let step = values.typicalStep, step < 86_400 / 4 else { return nil }
        let radius = configuration.seasonalRadius
        let days = configuration.seasonalDays
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: days + 2 * radius + 1) { buffer in
            var dailyCount = 0
            for day in 1...days {
                guard
                    let center = values.nearestIndex(to: time - 86_400 * Double(day), tolerance: step / 2)
                else { continue }
                // The day's points go after the daily medians found so far.
                let lower = max(0, center - radius)
                let upper = min(values.count - 1, center + radius)
                var n = 0
                for index in lower...upper {
                    buffer[days + n] = values.value(at: index)
                    n += 1
                }
                buffer[dailyCount] = Self.median(UnsafeMutableBufferPointer(rebasing: buffer[days..<(days + n)]))
                dailyCount += 1
            }
            guard dailyCount > 0 else { return nil }
            return Self.median(UnsafeMutableBufferPointer(rebasing: buffer[0..<dailyCount]))
        }
    }

    /// The median of a few values (insertion sort in place: at most a few dozen).
    private static func median(_ values: UnsafeMutableBufferPointer<Double>) -> Double {
        for i in values.indices.dropFirst() {
            let x = values[i]
            var j = i - 1
            while j >= 0, values[j] > x {
                values[j + 1] = values[j]
                j -= 1
            }
            values[j + 1] = x
        }
        let n = values.count
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
    }

    /// The novelty the threshold stands for: score = r / (r + scale), so r* = scale · t / (1 − t).
    private var allowedNovelty: Double {
        let t = min(max(threshold, 0), 0.999)
        return configuration.scale * t / (1 - t)
    }

    /// The band of the deviation feature alone: for a point that cannot be scored.
    private func expectedRange() -> ClosedRange<Double>? {
        guard let index = configuration.features.firstIndex(of: .deviation), let median = medianWindow.median,
            let center = featureHistory[index].median, let low = featureHistory[index].minimum,
            let high = featureHistory[index].maximum
        else { return nil }
        let t = min(max(threshold, 0), 0.999)
        let reach = configuration.scale * t / (1 - t)
        let lower = median + center - reach * max(center - low, 0)
        let upper = median + center + reach * max(high - center, 0)
        return lower...max(upper, lower)
    }
}
