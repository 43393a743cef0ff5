/// A streaming detector whose parameters and state a model file carries (its `detector` section),
/// so a detector warmed on history can be saved by `aiops train` and resumed by the agent.
public protocol PersistentDetector: StreamingDetector, Codable {
    /// The model file `kind` that names this detector's type, e.g. `adaptive`.
    static var modelKind: String { get }
    /// The score at and above which `isAnomaly` is set: the model file's top-level `threshold`.
    var threshold: Double { get set }
}

extension AdaptiveDetector: PersistentDetector {
    public static let modelKind = "adaptive"
}
