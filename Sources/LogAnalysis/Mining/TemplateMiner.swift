import AIOpsCore

/// Where the miner put a line: its cluster and, inside it, its variant (its choice of enumerated
/// words). Resolve it with `TemplateMiner.template(of:)` once all lines are in, since templates
/// keep generalising as lines arrive.
public struct LineMatch: Sendable, Hashable {
    public var cluster: Int32
    public var variant: Int32
}

/// A mined log template: the line with its variable parts replaced by `<*>`.
public struct LogTemplate: Sendable, Hashable {
    /// A stable id derived from the text, so equal templates from two runs share it.
    public var id: String
    public var text: String
}

/// An online Drain template miner (He et al., ICWS 2017) with masking suited to any log source.
///
/// Per line: mask and intern its tokens (`Tokenizer`), walk the fixed-depth tree by token count
/// and leading tokens, take the most similar cluster of the leaf if it passes the threshold, else
/// start a new cluster. Templates only generalise. Positions whose values are a handful of plain
/// words stay in the template (see `MinerConfiguration.enumerationLimit`).
public struct TemplateMiner: Sendable {
    public let configuration: MinerConfiguration
    private var table = TokenTable()
    private var tokenizer = Tokenizer()
    private var tree = ParseTree()
    private var clusters: [LogCluster] = []

    public init(configuration: MinerConfiguration = MinerConfiguration()) {
        self.configuration = configuration
    }

    /// The number of clusters so far.
    public var clusterCount: Int { clusters.count }

    /// Mines one line.
    public mutating func add(_ line: String) -> LineMatch {
        var line = line
        return line.withUTF8 { add(utf8: $0) }
    }

    /// Mines one line.
    public mutating func add(_ line: Substring) -> LineMatch {
        var line = line
        return line.withUTF8 { add(utf8: $0) }
    }

    /// Mines one line given as UTF-8 bytes (the fast path for files).
    public mutating func add(utf8 line: UnsafeBufferPointer<UInt8>) -> LineMatch {
        tokenizer.tokenize(line, into: &table)
        // A second reference to the buffer for the duration of this call; it is released before
        // the next line, so the tokenizer keeps writing into its own storage.
        let buffer = tokenizer.tokens
        let count = tokenizer.count
        return buffer.withUnsafeBufferPointer { all in
            let tokens = UnsafeBufferPointer(rebasing: all[0..<count])
            let limit = configuration.enumerationLimit
            if let candidates = tree.candidates(for: tokens, layers: configuration.prefixLayers),
                let best = bestMatch(candidates, tokens)
            {
                let variant = clusters[Int(best)].absorb(tokens, flags: table.flags, limit: limit)
                return LineMatch(cluster: best, variant: variant)
            }
            let id = Int32(clusters.count)
            clusters.append(
                LogCluster(
                    tokens: Array(tokens), gaps: Array(tokenizer.gaps[0..<count]), flags: table.flags, limit: limit))
            tree.insert(
                cluster: id, tokens: tokens, flags: table.flags, layers: configuration.prefixLayers,
                maxChildren: configuration.maxChildren)
            return LineMatch(cluster: id, variant: 0)
        }
    }

    private func bestMatch(_ candidates: [Int32], _ tokens: UnsafeBufferPointer<Int32>) -> Int32? {
        var best: Int32?
        var bestSimilarity = -1.0
        var bestWildcards = -1
        for candidate in candidates {
            let (similarity, wildcards) = clusters[Int(candidate)].similarity(to: tokens)
            if similarity > bestSimilarity || (similarity == bestSimilarity && wildcards > bestWildcards) {
                best = candidate
                bestSimilarity = similarity
                bestWildcards = wildcards
            }
        }
        return bestSimilarity >= configuration.similarityThreshold ? best : nil
    }

    /// The current template of a line's group.
    public func template(of match: LineMatch) -> LogTemplate {
        let text = templateText(of: match)
        return LogTemplate(id: StableID.make("tpl", text), text: text)
    }

    /// The current template text of a line's group.
    public func templateText(of match: LineMatch) -> String {
        let cluster = clusters[Int(match.cluster)]
        let tokens = cluster.tokens(ofVariant: match.variant)
        var text = ""
        for (k, token) in tokens.enumerated() {
            if k > 0 {
                let gap = cluster.gaps[k - 1]
                if gap.contains(.comma) { text += "," }
                if gap.contains(.space) || gap.isEmpty { text += " " }
            }
            text += table.text(token)
        }
        return text
    }

    /// The masked tokens of a line as the miner sees them (for tests and tools).
    public mutating func maskedTokens(_ line: String) -> [String] {
        var line = line
        line.withUTF8 { tokenizer.tokenize($0, into: &table) }
        return tokenizer.tokens[0..<tokenizer.count].map { table.text($0) }
    }
}
