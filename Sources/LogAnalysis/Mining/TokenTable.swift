import Foundation

/// Interns masked tokens: each distinct token's bytes are stored once and named by a small integer,
/// so the tree and the similarity test compare integers instead of strings, and a line costs no
/// allocation once its tokens have been seen.
struct TokenTable: Sendable {
    /// The id of the bare wildcard `<*>`.
    static let wildcard: Int32 = 0

    /// What the miner needs to know about a token, computed once when it is interned.
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt8
        /// The token is exactly `<*>`.
        static let wildcard = Flags(rawValue: 1)
        /// The token holds a masked value somewhere (`uid=<*>`): routed to the wildcard child.
        static let variable = Flags(rawValue: 2)
        /// A plain word (no value, path, identifier or boolean): may take part in an enumeration.
        static let word = Flags(rawValue: 4)
    }

    private var arena: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    private(set) var flags: [Flags] = []
    /// Open-addressing index: id + 1, or 0 for an empty slot. Its size is a power of two.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)

    init() {
        let wildcard: [UInt8] = Array("<*>".utf8)
        _ = wildcard.withUnsafeBufferPointer { intern($0) }
    }

    var count: Int { starts.count }

    /// The id of `token`, adding it when new.
    mutating func intern(_ token: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(token)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            let id = Int(entry - 1)
            if hashes[id] == hash, equals(id, token) { return Int32(id) }
            slot = (slot + 1) & mask
        }
        let id = Int32(starts.count)
        starts.append(Int32(arena.count))
        lengths.append(Int32(token.count))
        arena.append(contentsOf: token)
        hashes.append(hash)
        flags.append(Self.classify(token))
        slots[slot] = id + 1
        if starts.count * 2 > slots.count { grow() }
        return id
    }

    /// Calls `body` with the token's bytes.
    func withBytes<R>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let start = Int(starts[Int(id)])
        return arena.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[start..<start + Int(lengths[Int(id)])]))
        }
    }

    /// The token's text.
    func text(_ id: Int32) -> String {
        let start = Int(starts[Int(id)])
        return String(decoding: arena[start..<start + Int(lengths[Int(id)])], as: UTF8.self)
    }

    private func equals(_ id: Int, _ token: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(lengths[id]) == token.count else { return false }
        let start = Int(starts[id])
        guard let tokenBase = token.baseAddress else { return true }
        return arena.withUnsafeBufferPointer { arena in
            guard let arenaBase = arena.baseAddress else { return false }
            return memcmp(arenaBase + start, tokenBase, token.count) == 0
        }
    }

    /// A hash of the token's bytes, eight at a time (tokens are short; this is the hot path).
    @inline(__always)
    static func hash(_ token: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(token.count)
        guard let base = token.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        let n = token.count
        var i = 0
        while i + 8 <= n {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }

    private mutating func grow() {
        var bigger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for id in 0..<starts.count {
            let hash = hashes[id]
            var slot = Int(truncatingIfNeeded: hash ^ (hash >> 29)) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = Int32(id + 1)
        }
        slots = bigger
    }

    /// Classifies a masked token. A plain word has no masked value, no path or address characters,
    /// no inner dot (identifiers, host and file names vary like values) and is not a boolean
    /// (`true`/`false` are values, even after `key=`).
    static func classify(_ token: UnsafeBufferPointer<UInt8>) -> Flags {
        let n = token.count
        if n == 3, token[0] == UInt8(ascii: "<"), token[1] == UInt8(ascii: "*"), token[2] == UInt8(ascii: ">") {
            return [.wildcard, .variable]
        }
        var hasMask = false
        if n >= 3 {
            for k in 0..<(n - 2)
            where token[k] == UInt8(ascii: "<") && token[k + 1] == UInt8(ascii: "*")
                && token[k + 2] == UInt8(ascii: ">")
            {
                hasMask = true
                break
            }
        }
        if hasMask { return .variable }
        guard n > 0 else { return [] }
        var end = n
        while end > 0, Bytes.isTrailingPunctuation(token[end - 1]) { end -= 1 }
        var valueStart = 0
        for k in 0..<end {
            switch token[k] {
            case UInt8(ascii: "/"), UInt8(ascii: "\\"), UInt8(ascii: "@"), UInt8(ascii: "<"), UInt8(ascii: ">"),
                UInt8(ascii: "."):
                return []
            case UInt8(ascii: "="), UInt8(ascii: ":"):
                valueStart = k + 1
            default:
                if Bytes.isDigit(token[k]) { return [] }
            }
        }
        if Bytes.isBoolean(UnsafeBufferPointer(rebasing: token[valueStart..<end])) { return [] }
        return .word
    }
}
