/// The settings of the Drain template miner. The defaults are one generic configuration meant for
/// every log source; nothing here is keyed on a particular source. Each rule below was chosen by
/// leave-one-data-set-out on the eight LogHub-2k samples (`aiops-bench drain` prints the search);
/// docs/log-analysis.md gives the figures.
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
    /// A path (`/a/b`, `C:\a\b`) or URL (`scheme://…`) is one value: `<*>`, whatever its words.
    public var pathsAreValues: Bool
    /// Month and weekday names (`Jun`, `Mon`, `Tuesday`) are values: they are the words of a
    /// timestamp written inside a line (`at Fri Jun 17 07:07:00 2005`), not of the event.
    public var calendarWordsAreValues: Bool
    /// A unit (`sec`, `KB`, `ms`) after any token holding a value (`<1 sec`, `~5 ms`), not only
    /// after a bare number, is part of the value.
    public var unitsFollowAnyValue: Bool
    /// A double-quoted span is one value (`tag="View Lock"`). When false, its words are tokens like
    /// any other (`"GET /v2/… HTTP/1.1"` keeps its method).
    public var quotedSpansAreValues: Bool
    /// Adjacent `<*>` tokens are written as one, so groups that differ only in how many words a
    /// value took (variable-length messages, which Drain splits by token count) share a template.
    public var collapseWildcardRuns: Bool
    /// The space after an opening bracket pads a value (`[ 1234.5678]`, the kernel's stamp) and
    /// does not split the token, so padding does not change a line's token count.
    public var bracketSpacesAreNotSeparators: Bool
    /// A name with one digit at its end (`SOCKS5`, `ssh2`) stays a word: the digit names a kind or
    /// a version. Other tokens with digits are masked as before.
    public var digitSuffixWords: Bool
    /// When the leaf a line routes to holds no similar cluster, the line is also compared with
    /// every cluster of its token count, and joins the most similar one if it passes the threshold
    /// (Drain routes on leading tokens only, so a varying first word, a host name, would otherwise
    /// split every template). The cluster is then also filed under the line's route.
    public var searchAllOnMiss: Bool
    /// Most clusters kept; past it the least recently used one is evicted (as Drain3 does), so
    /// memory stays bounded on a stream of unbounded cardinality. A line of an evicted cluster
    /// resolves to the template it had when evicted only if read before; see `TemplateMiner`.
    public var maxClusters: Int

    public init(
        depth: Int = 4, similarityThreshold: Double = 0.6, maxChildren: Int = 100, enumerationLimit: Int = 2,
        pathsAreValues: Bool = true, calendarWordsAreValues: Bool = true, unitsFollowAnyValue: Bool = true,
        quotedSpansAreValues: Bool = false, collapseWildcardRuns: Bool = false,
        bracketSpacesAreNotSeparators: Bool = true, digitSuffixWords: Bool = true, searchAllOnMiss: Bool = false,
        maxClusters: Int = 50_000
    ) {
        self.depth = depth
        self.similarityThreshold = similarityThreshold
        self.maxChildren = maxChildren
        self.enumerationLimit = enumerationLimit
        self.pathsAreValues = pathsAreValues
        self.calendarWordsAreValues = calendarWordsAreValues
        self.unitsFollowAnyValue = unitsFollowAnyValue
        self.quotedSpansAreValues = quotedSpansAreValues
        self.collapseWildcardRuns = collapseWildcardRuns
        self.bracketSpacesAreNotSeparators = bracketSpacesAreNotSeparators
        self.digitSuffixWords = digitSuffixWords
        self.searchAllOnMiss = searchAllOnMiss
        self.maxClusters = maxClusters
    }

    /// The number of leading tokens the tree routes on.
    var prefixLayers: Int { max(depth - 2, 0) }
}
