import Foundation

/// A small, fast, seedable generator (SplitMix64): every random choice of the simulator comes
/// from one of these, seeded by a hash of what it is for, so any minute of any instance can be
/// regenerated on its own, in any order, with the same result.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A generator for one purpose, e.g. `(seed, instance, minute, stream)`.
    init(_ parts: UInt64...) { state = Hash.combine(parts) }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Hash.finalize(state)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// Uniform in `range`.
    mutating func uniform(_ range: ClosedRange<Double>) -> Double {
        range.lowerBound + unit() * (range.upperBound - range.lowerBound)
    }

    /// Uniform integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        // Own arithmetic rather than `Int.random(in:using:)`, whose algorithm the standard library
        // may change: a seed must replay the same fleet on every toolchain.
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(unit(), 0x1.0p-53)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// A Poisson count with mean `lambda` (normal approximation for large means, where exactness
    /// does not matter and Knuth's loop would be slow).
    mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 30 { return max(0, Int((lambda + lambda.squareRoot() * gaussian()).rounded())) }
        let limit = exp(-lambda)
        var product = unit()
        var count = 0
        while product > limit {
            count += 1
            product *= unit()
        }
        return count
    }

    /// `count` lowercase hex digits.
    mutating func hex(_ count: Int) -> String {
        var out = ""
        out.reserveCapacity(count)
        var bits = next()
        var left = 16
        for _ in 0..<count {
            if left == 0 {
                bits = next()
                left = 16
            }
            out.append(Hash.hexDigits[Int(bits & 0xF)])
            bits >>= 4
            left -= 1
        }
        return out
    }
}

/// Hashing of the keys that seed the generators and the noise.
enum Hash {
    static let hexDigits: [Character] = Array("0123456789abcdef")

    /// The SplitMix64 output function: a strong 64-bit mixer.
    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static func combine(_ parts: [UInt64]) -> UInt64 {
        var h: UInt64 = 0x6A09_E667_F3BC_C909
        for part in parts { h = finalize(h ^ finalize(part &+ 0x9E37_79B9_7F4A_7C15)) }
        return h
    }

    static func combine(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> UInt64 {
        finalize(finalize(finalize(finalize(a) ^ b) ^ c) ^ d)
    }

    /// Uniform in [0, 1) from a key: the cheap path for metric noise.
    static func unit(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) -> Double {
        Double(combine(a, b, c, d) >> 11) * 0x1.0p-53
    }

    /// A stable 64-bit key for a string (FNV-1a), e.g. a metric name.
    static func key(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
