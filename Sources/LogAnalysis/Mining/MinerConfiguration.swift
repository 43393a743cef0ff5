/// The settings of the Drain template miner. The defaults are one generic configuration meant for
/// every log source; nothing here is keyed on a particular source.
public struct MinerConfiguration: Sendable, Hashable {
    /// Tree depth counted as root + token-count layer + prefix layers + leaf (`depth - 2` prefix
    /// layers). Deeper trees separate more on leading tokens, shallower ones rely on similarity.
    public var depth: Int
    /// The least share of a line's tokens that must equal a template's for the line to join it.
    /// Positions where both hold a masked value (`<*>`) count as equal.
    public var similarityThreshold: Double
    /// Most children an inner tree node keeps before new tokens fall into its wildcard child.
    public var maxChildren: Int
    /// A template position whose values are at most this many distinct plain words (`begin` /
    /// `end`, `bytes` / `values`) stays part of the template: variables take many values, while a
    /// word that alternates between two spellings usually names two different events. 0 disables.
    public var enumerationLimit: Int

    public init(depth: Int = 4, similarityThreshold: Double = 0.6, maxChildren: Int = 100, enumerationLimit: Int = 2) {
        self.depth = depth
        self.similarityThreshold = similarityThreshold
        self.maxChildren = maxChildren
        self.enumerationLimit = enumerationLimit
    }

    /// The number of leading tokens the tree routes on.
    var prefixLayers: Int { max(depth - 2, 0) }
}
