public import AIOpsCore

/// `ensemble`: the adaptive detector with an Isolation Forest beside its features. The forest is
/// grown on the features' signed novelties over the last `window` points, regrown every
/// `retrainEvery` points, and its own novelty joins the features' by their maximum — a point the
/// features each find only a little unusual can still stand out to the forest as a combination.
/// Kept for comparison: on NAB it scores below `default` (docs/detection-quality.md).
public struct ForestEnsembleDetector: StreamingDetector {
    public var name: String
    var adaptive: AdaptiveDetector
    /// Optional only so `observe` can move it out while the adaptive detector runs (a copy would
    /// duplicate its training buffer on every point).
    var forest: ForestMember?

    /// An ensemble over `configuration`'s features; the forest has `trees` trees grown on `sampleSize`
    /// of the last `window` vectors, regrown every `retrainEvery` points.
    public init(
        name: String = "ensemble", configuration: AdaptiveConfiguration = .init(), trees: Int = 50,
        sampleSize: Int = 128, window: Int = 4032, retrainEvery: Int = 288, seed: UInt64 = 42
    ) {
        self.name = name
        adaptive = AdaptiveDetector(name: name, configuration: configuration)
        forest = ForestMember(
            dimension: configuration.features.count, trees: trees, sampleSize: sampleSize, capacity: window,
            retrainEvery: retrainEvery, seed: seed, horizon: configuration.historyCapacity)
    }

    /// The adaptive detector's (the forest's window lies within it).
    public var horizon: Int { adaptive.horizon }

    public mutating func observe(_ point: MetricPoint) -> DetectorOutput {
        guard var member = forest.take() else { return adaptive.observe(point) }
        let output = adaptive.observe(point) { novelties -> (Double, String)? in
            // The forest sees only complete vectors: every feature has its history.
            guard novelties.allSatisfy({ $0 != nil }) else { return nil }
            return member.observe(novelties.map { $0 ?? 0 }).map { ($0, "forest") }
        }
        forest = member
        return output
    }

    /// Scores against `threshold` for this point only, its expected range widened with it.
    public mutating func observe(_ point: MetricPoint, threshold: Double) -> DetectorOutput {
        let own = adaptive.threshold
        adaptive.threshold = threshold
        defer { adaptive.threshold = own }
        return observe(point)
    }
}
