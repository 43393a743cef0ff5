/// What a detector may know before it sees a series: how many leading points are for learning only
/// (NAB's probationary period; 14 days of history in the agent) and the random seed.
public struct DetectorContext: Sendable, Hashable {
    public var trainingPoints: Int
    public var seed: UInt64

    public init(trainingPoints: Int, seed: UInt64 = 42) {
        self.trainingPoints = trainingPoints
        self.seed = seed
    }
}

/// The detectors known by name: what `aiops evaluate --detector` and the agent's configuration pick from.
public enum DetectorCatalog {
    /// The detector the agent uses unless configured otherwise.
    public static let defaultName = "default"

    /// Every name `make` accepts, `default` first.
    public static let names: [String] = ["default", "adaptive", "ensemble", "seed"]

    /// The detector types a model file can hold, by their `kind`.
    public static let persistentTypes: [String: any PersistentDetector.Type] = [
        AdaptiveDetector.modelKind: AdaptiveDetector.self
    ]

    /// A fresh detector called `name`, or nil for an unknown name.
    public static func make(_ name: String, context: DetectorContext) -> (any StreamingDetector)? {
        switch name {
        case "default", "adaptive":
            var configuration = AdaptiveConfiguration()
            configuration.warmup = max(context.trainingPoints, 10)
            return AdaptiveDetector(name: name, configuration: configuration)
        case "ensemble":
            var configuration = AdaptiveConfiguration()
            configuration.warmup = max(context.trainingPoints, 10)
            return ForestEnsembleDetector(name: name, configuration: configuration, seed: context.seed)
        case "seed":
            // The seed's design, kept for comparison: a forest on the raw value, grown once on
            // the points before scoring starts (NAB's probationary period, the agent's history).
            return SeedDetector(
                trainingCount: max(context.trainingPoints, 2),
                parameters: IsolationForest.Parameters(seed: context.seed))
        default:
            return nil
        }
    }
}
