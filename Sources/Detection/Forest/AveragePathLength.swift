internal import Foundation

/// c(n): the average path length of an unsuccessful search in a binary search tree of n points,
/// which normalises path lengths and stands in for the subtree a leaf with n > 1 points never grew.
///
/// c(n) = 2H(n−1) − 2(n−1)/n with the harmonic number H(i) ≈ ln(i) + γ (Liu et al. 2008), and, as
/// scikit-learn does, c(1) = 0 and c(2) = 1 exactly (the approximation is poor for tiny n).
public func averagePathLength(_ n: Int) -> Double {
    if n <= 1 { return 0 }
    if n == 2 { return 1 }
    let m = Double(n - 1)
    return 2 * (log(m) + eulerGamma) - 2 * m / Double(n)
}

/// The Euler–Mascheroni constant γ.
let eulerGamma = 0.577_215_664_901_532_860_6

/// The depth limit of a tree grown on `sampleSize` points: ceil(log2(max(sampleSize, 2))), the
/// average height of a random binary tree, past which isolating a point tells little.
public func maximumDepth(sampleSize: Int) -> Int {
    let n = max(sampleSize, 2)
    // ceil(log2(n)) without floating point: the bit length of n − 1.
    return Int.bitWidth - (n - 1).leadingZeroBitCount
}
