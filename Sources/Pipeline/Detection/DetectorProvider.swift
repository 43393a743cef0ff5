public import AIOpsCore
public import Detection

/// A detector handed to the detection stage, with what the stage records about it.
public struct ProvidedDetector: Sendable {
    public var detector: any StreamingDetector
    /// The score at and above which the detector calls a point anomalous (kept with each anomaly).
    public var threshold: Double
    /// Where it came from, for logs: e.g. `model i-0abc….json` or `fleet model`.
    public var origin: String
    /// How many points of history it must see before it can judge one (a detector that learns
    /// online); 0 for a trained model. A fresh detector is warmed up on at least this much.
    public var warmupPoints: Int

    public init(detector: any StreamingDetector, threshold: Double, origin: String, warmupPoints: Int = 0) {
        self.detector = detector
        self.threshold = threshold
        self.origin = origin
        self.warmupPoints = max(warmupPoints, 0)
    }
}

/// Supplies a fresh detector per instance and metric: the instance's own model when it has one,
/// the fleet's model otherwise. Detection's model files plug in behind this.
public protocol DetectorProvider: Sendable {
    /// A new detector for `metric` of `instance`, or nil when no model covers it (the series is
    /// then not scored, and the stage says so in its log).
    func detector(for instance: Instance, metric: MetricName) async throws -> ProvidedDetector?
}
