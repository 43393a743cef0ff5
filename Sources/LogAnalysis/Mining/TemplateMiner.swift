import AIOpsCore

/// Where the miner put a line: its cluster and, inside it, its variant (its choice of enumerated
/// words). Resolve it with `TemplateMiner.template(of:)` once all lines are in, since templates
/// keep generalising as lines arrive.
public struct LineMatch: Sendable, Hashable {
    public var cluster: Int32
    public var variant: Int32
    /// Which use of the cluster's slot: a slot is reused when its cluster is evicted.
    public var generation: UInt32 = 0
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
    private var tokenizer: Tokenizer
    private var tree = ParseTree()
    private var clusters: [LogCluster] = []
    /// Per cluster slot: its leaf in the tree, its generation, and its neighbours in the
    /// least-recently-used list (`-1` at the ends).
    private var leaves: [[Int32]] = []
    /// Cluster ids per token count, for `MinerConfiguration.searchAllOnMiss`.
    private var byLength: [Int: [Int32]] = [:]
    private var generations: [UInt32] = []
    private var newer: [Int32] = []
    private var older: [Int32] = []
    private var newest: Int32 = -1
    private var oldest: Int32 = -1
    /// Clusters evicted so far.
    public private(set) var evictions = 0

    public init(configuration: MinerConfiguration = MinerConfiguration()) {
        self.configuration = configuration
        tokenizer = Tokenizer(configuration: configuration)
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
        if table.count > tokenBudget { compactTokens() }
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
                touch(best)
                return LineMatch(cluster: best, variant: variant, generation: generations[Int(best)])
            }
            if configuration.searchAllOnMiss, let sameLength = byLength[count], let best = bestMatch(sameLength, tokens)
            {
                let variant = clusters[Int(best)].absorb(tokens, flags: table.flags, limit: limit)
                touch(best)
                // Filed under this route too, so the next such line finds it without the search.
                leaves[Int(best)].append(
                    tree.insert(
                        cluster: best, tokens: tokens, flags: table.flags, layers: configuration.prefixLayers,
                        maxChildren: configuration.maxChildren))
                return LineMatch(cluster: best, variant: variant, generation: generations[Int(best)])
            }
            let cluster = LogCluster(
                tokens: Array(tokens), gaps: Array(tokenizer.gaps[0..<count]), flags: table.flags, limit: limit)
            let id: Int32
            if clusters.count >= max(configuration.maxClusters, 1) {
                id = oldest
                unlink(id)
                for leaf in leaves[Int(id)] { tree.remove(cluster: id, fromLeaf: leaf) }
                let length = clusters[Int(id)].template.count
                if let index = byLength[length]?.firstIndex(of: id) { byLength[length]?.remove(at: index) }
                clusters[Int(id)] = cluster
                generations[Int(id)] &+= 1
                evictions += 1
            } else {
                id = Int32(clusters.count)
                clusters.append(cluster)
                leaves.append([])
                generations.append(0)
                newer.append(-1)
                older.append(-1)
            }
            leaves[Int(id)] = [
                tree.insert(
                    cluster: id, tokens: tokens, flags: table.flags, layers: configuration.prefixLayers,
                    maxChildren: configuration.maxChildren)
            ]
            if configuration.searchAllOnMiss { byLength[count, default: []].append(id) }
            linkNewest(id)
            return LineMatch(cluster: id, variant: 0, generation: generations[Int(id)])
        }
    }

    /// The number of distinct tokens interned so far (since the table was last rebuilt).
    public var tokenCount: Int { table.count }

    /// Rebuilds the token table from the tokens that live clusters and the tree still use, so a
    /// stream of ever-new tokens (ids, random words) does not grow it without end. Runs when the
    /// table holds four times what was live after the last rebuild (at least 65,536 tokens), so its
    /// cost per line stays constant.
    private mutating func compactTokens() {
        let old = table
        var fresh = TokenTable()
        var renamed = [Int32](repeating: -1, count: old.count)
        renamed[Int(TokenTable.wildcard)] = TokenTable.wildcard
        func remap(_ id: Int32) -> Int32 {
            if renamed[Int(id)] < 0 { renamed[Int(id)] = old.withBytes(id) { fresh.intern($0) } }
            return renamed[Int(id)]
        }
        var live = clusters
        clusters = []
        for k in live.indices { live[k].remapTokens(remap) }
        var routes = tree
        tree = ParseTree()
        routes.remapTokens(remap)
        clusters = live
        tree = routes
        table = fresh
        tokenBudget = max(Self.minimumTokenBudget, 4 * table.count)
    }

    private static let minimumTokenBudget = 1 << 16
    private var tokenBudget = minimumTokenBudget

    /// Marks a cluster as the most recently used.
    private mutating func touch(_ id: Int32) {
        guard newest != id else { return }
        unlink(id)
        linkNewest(id)
    }

    private mutating func unlink(_ id: Int32) {
        let (a, b) = (newer[Int(id)], older[Int(id)])
        if a >= 0 { older[Int(a)] = b } else { newest = b }
        if b >= 0 { newer[Int(b)] = a } else { oldest = a }
        newer[Int(id)] = -1
        older[Int(id)] = -1
    }

    private mutating func linkNewest(_ id: Int32) {
        older[Int(id)] = newest
        newer[Int(id)] = -1
        if newest >= 0 { newer[Int(newest)] = id }
        newest = id
        if oldest < 0 { oldest = id }
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
    /// A line whose cluster was evicted since (see `MinerConfiguration.maxClusters`) reads `<*>`.
    public func templateText(of match: LineMatch) -> String {
        guard generations[Int(match.cluster)] == match.generation else { return "<*>" }
        let cluster = clusters[Int(match.cluster)]
        let tokens = cluster.tokens(ofVariant: match.variant)
        let collapse = configuration.collapseWildcardRuns
        var text = ""
        for (k, token) in tokens.enumerated() {
            if collapse, k > 0, token == TokenTable.wildcard, tokens[k - 1] == TokenTable.wildcard { continue }
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
