import AIOpsCore
import Detection
import Foundation

/// One series the agent scores: an instance's metric.
struct SeriesKey: Hashable, Sendable, CustomStringConvertible {
    var instanceID: String
    var metric: MetricName
    var description: String { "\(instanceID)/\(metric)" }
}

/// The streaming detectors of the fleet, one per series, with the recent scored points each has
/// seen. No I/O: the detection stage feeds it points and reads back what they scored.
struct DetectorBank: Sendable {
    struct State: Sendable {
        var provided: ProvidedDetector
        var lastObserved: Date?
        /// Scored points within the chart window, oldest first.
        var recent: [ScoredPoint] = []
    }

    private(set) var states: [SeriesKey: State] = [:]
    let chartWindow: TimeInterval

    init(chartWindow: TimeInterval) {
        self.chartWindow = chartWindow
    }

    func state(_ key: SeriesKey) -> State? { states[key] }

    /// Installs a fresh detector for `key`, replacing any earlier one.
    mutating func install(_ provided: ProvidedDetector, for key: SeriesKey) {
        states[key] = State(provided: provided)
    }

    /// Forgets the series of instances no longer watched.
    mutating func retain(instanceIDs: Set<String>) {
        states = states.filter { instanceIDs.contains($0.key.instanceID) }
    }

    /// A scored point and the feature that drove its score.
    struct Output: Sendable {
        var point: ScoredPoint
        var drivingFeature: String?
    }

    /// Feeds `points` (any order) to the series' detector, skipping those at or before the last
    /// one it saw, and returns the scored points after `emitAfter` (earlier ones only warm it up).
    /// With `threshold` (feedback's), points are judged against it instead of the detector's own.
    mutating func observe(
        _ points: [MetricPoint], for key: SeriesKey, emitAfter: Date, threshold: Double? = nil
    ) -> [Output] {
        guard var state = states[key] else { return [] }
        var emitted: [Output] = []
        for point in points.sorted(by: { $0.timestamp < $1.timestamp }) where point.value.isFinite {
            if let last = state.lastObserved, point.timestamp <= last { continue }
            let output =
                if let threshold {
                    state.provided.detector.observe(point, threshold: threshold)
                } else {
                    state.provided.detector.observe(point)
                }
            let scored = ScoredPoint(
                timestamp: point.timestamp, value: point.value, score: output.score, expected: output.expected,
                isAnomaly: output.isAnomaly)
            state.lastObserved = point.timestamp
            state.recent.append(scored)
            if point.timestamp > emitAfter {
                emitted.append(Output(point: scored, drivingFeature: output.drivingFeature))
            }
        }
        if let newest = state.recent.last?.timestamp {
            let horizon = newest.addingTimeInterval(-chartWindow)
            state.recent.removeAll { $0.timestamp < horizon }
        }
        states[key] = state
        return emitted
    }
}
