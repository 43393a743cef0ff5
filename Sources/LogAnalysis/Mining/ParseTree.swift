/// Drain's fixed-depth tree: root → one node per token count → one layer per leading token → a
/// leaf holding the ids of the clusters whose lines share that count and prefix.
struct ParseTree: Sendable {
    private struct Node: Sendable {
        var children: [Int32: Int32] = [:]
        var wildcardChild: Int32 = -1
        var clusters: [Int32] = []
    }

    private var nodes: [Node] = []
    private var byLength: [Int: Int32] = [:]

    /// The clusters of the leaf a line routes to, or nil when no leaf matches.
    func candidates(for tokens: UnsafeBufferPointer<Int32>, layers: Int) -> [Int32]? {
        guard let root = byLength[tokens.count] else { return nil }
        var node = Int(root)
        for depth in 0..<min(layers, tokens.count) {
            let token = tokens[depth]
            if let child = nodes[node].children[token] {
                node = Int(child)
            } else if nodes[node].wildcardChild >= 0 {
                node = Int(nodes[node].wildcardChild)
            } else {
                return nil
            }
        }
        return nodes[node].clusters
    }

    /// Files a new cluster under its line's path, creating nodes as needed. A token holding a
    /// masked value, or one that finds its node full, goes to the wildcard child, so values never
    /// fan the tree out.
    /// Returns the leaf it went to, for `remove`.
    @discardableResult
    mutating func insert(
        cluster: Int32, tokens: UnsafeBufferPointer<Int32>, flags: [TokenTable.Flags], layers: Int, maxChildren: Int
    ) -> Int32 {
        let root: Int32
        if let existing = byLength[tokens.count] {
            root = existing
        } else {
            root = Int32(nodes.count)
            nodes.append(Node())
            byLength[tokens.count] = root
        }
        var node = Int(root)
        for depth in 0..<min(layers, tokens.count) {
            let token = tokens[depth]
            if let child = nodes[node].children[token] {
                node = Int(child)
                continue
            }
            let full = nodes[node].children.count + (nodes[node].wildcardChild >= 0 ? 1 : 0) >= maxChildren - 1
            if flags[Int(token)].contains(.variable) || full {
                if nodes[node].wildcardChild < 0 {
                    nodes[node].wildcardChild = Int32(nodes.count)
                    nodes.append(Node())
                }
                node = Int(nodes[node].wildcardChild)
            } else {
                let child = Int32(nodes.count)
                nodes.append(Node())
                nodes[node].children[token] = child
                node = Int(child)
            }
        }
        nodes[node].clusters.append(cluster)
        return Int32(node)
    }

    /// Renames the tokens its nodes are keyed by after the token table was rebuilt.
    mutating func remapTokens(_ remap: (Int32) -> Int32) {
        for n in nodes.indices where !nodes[n].children.isEmpty {
            var renamed: [Int32: Int32] = [:]
            renamed.reserveCapacity(nodes[n].children.count)
            for (token, child) in nodes[n].children { renamed[remap(token)] = child }
            nodes[n].children = renamed
        }
    }

    /// Takes an evicted cluster out of its leaf.
    mutating func remove(cluster: Int32, fromLeaf leaf: Int32) {
        if let index = nodes[Int(leaf)].clusters.firstIndex(of: cluster) {
            nodes[Int(leaf)].clusters.remove(at: index)
        }
    }
}
