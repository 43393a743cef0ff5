/// One log group of the miner: its template (token ids, `TokenTable.wildcard` where lines differ),
/// and what it takes to tell enumerated words apart from variables.
struct LogCluster: Sendable {
    /// Marks a position whose values are not an enumeration of plain words.
    static let variable: UInt8 = .max

    var template: [Int32]
    /// How each token is separated from the next, as in the first line.
    var gaps: [Tokenizer.Gap]
    var size = 1
    /// Per position: the number of distinct plain words seen there, or `variable`.
    var enumerationState: [UInt8]
    /// Per position, `limit` slots of the distinct words seen (`-1` when empty).
    var enumerationValues: [Int32]
    /// Wildcard positions that still hold an enumeration: the only places where lines of the group
    /// may differ and still name different events.
    var enumeratedPositions: [Int32] = []
    /// The tokens of the first line of each variant (a distinct choice of enumerated words), flat.
    var variantTokens: [Int32]
    var variantCount = 1

    init(tokens: [Int32], gaps: [Tokenizer.Gap], flags: [TokenTable.Flags], limit: Int) {
        template = tokens
        self.gaps = gaps
        variantTokens = tokens
        enumerationState = [UInt8](repeating: Self.variable, count: tokens.count)
        enumerationValues = [Int32](repeating: -1, count: tokens.count * limit)
        guard limit > 0 else { return }
        for (position, token) in tokens.enumerated() where flags[Int(token)].contains(.word) {
            enumerationState[position] = 1
            enumerationValues[position * limit] = token
        }
    }

    /// Renames its tokens after the token table was rebuilt.
    mutating func remapTokens(_ remap: (Int32) -> Int32) {
        for k in template.indices { template[k] = remap(template[k]) }
        for k in variantTokens.indices { variantTokens[k] = remap(variantTokens[k]) }
        for k in enumerationValues.indices where enumerationValues[k] >= 0 {
            enumerationValues[k] = remap(enumerationValues[k])
        }
    }

    /// Similarity of a line with this template: the share of positions that are equal, a masked
    /// value facing a wildcard counting as equal. Also returns the template's wildcard count.
    func similarity(to line: UnsafeBufferPointer<Int32>) -> (similarity: Double, wildcards: Int) {
        var equal = 0
        var wildcards = 0
        template.withUnsafeBufferPointer { template in
            for k in 0..<template.count {
                let t = template[k]
                if t == TokenTable.wildcard {
                    wildcards += 1
                    if line[k] == TokenTable.wildcard { equal += 1 }
                } else if t == line[k] {
                    equal += 1
                }
            }
        }
        return (line.isEmpty ? 1 : Double(equal) / Double(line.count), wildcards)
    }

    /// Adds a line: generalises the template where it differs and tracks enumerated words.
    /// Returns the line's variant.
    mutating func absorb(_ tokens: UnsafeBufferPointer<Int32>, flags: [TokenTable.Flags], limit: Int) -> Int32 {
        size += 1
        for k in 0..<tokens.count {
            let token = tokens[k]
            let state = enumerationState[k]
            if template[k] != token {
                if template[k] != TokenTable.wildcard, state != Self.variable {
                    enumeratedPositions.append(Int32(k))
                }
                template[k] = TokenTable.wildcard
            }
            guard state != Self.variable else { continue }
            guard flags[Int(token)].contains(.word) else {
                dropEnumeration(at: k)
                continue
            }
            let base = k * limit
            var known = false
            for slot in 0..<Int(state) where enumerationValues[base + slot] == token {
                known = true
                break
            }
            if known { continue }
            if Int(state) < limit {
                enumerationValues[base + Int(state)] = token
                enumerationState[k] = state + 1
            } else {
                dropEnumeration(at: k)
            }
        }
        return variant(of: tokens)
    }

    private mutating func dropEnumeration(at position: Int) {
        enumerationState[position] = Self.variable
        if let index = enumeratedPositions.firstIndex(of: Int32(position)) {
            enumeratedPositions.remove(at: index)
        }
    }

    /// The variant whose enumerated words equal the line's, adding one when none does.
    private mutating func variant(of tokens: UnsafeBufferPointer<Int32>) -> Int32 {
        guard !enumeratedPositions.isEmpty else { return 0 }
        let n = template.count
        for v in 0..<variantCount {
            var same = true
            for position in enumeratedPositions where variantTokens[v * n + Int(position)] != tokens[Int(position)] {
                same = false
                break
            }
            if same { return Int32(v) }
        }
        variantTokens.append(contentsOf: tokens)
        variantCount += 1
        return Int32(variantCount - 1)
    }

    /// The template of a variant: wildcards, except where a position holds an enumeration.
    func tokens(ofVariant variant: Int32) -> [Int32] {
        var result = template
        let n = template.count
        for k in 0..<n where template[k] == TokenTable.wildcard && enumerationState[k] != Self.variable {
            result[k] = variantTokens[Int(variant) * n + k]
        }
        return result
    }
}
