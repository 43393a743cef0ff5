import Foundation

/// The exact conditional test for comparing two Poisson rates (Przyborowski & Wilenski): given
/// `current + baseline` occurrences in all, and `share` the part of them expected in the current
/// window if nothing changed, how unlikely is it to see `current` or more there?
enum SurgeTest {
    /// P(X ≥ current) for X ~ Binomial(current + baseline, share). 1 when there is no excess.
    static func pValue(current: Int, baseline: Int, share: Double) -> Double {
        let total = current + baseline
        guard current > 0, total > 0 else { return 1 }
        let p = min(max(share, 1e-12), 1 - 1e-12)
        guard Double(current) > Double(total) * p else { return 1 }
        let logP = log(p)
        let logQ = log1p(-p)
        // log C(total, current), summed rather than taken from lgamma (ambiguous across libcs).
        var logChoose = 0.0
        for i in 1...current {
            logChoose += log(Double(total - current + i) / Double(i))
        }
        let first = logChoose + Double(current) * logP + Double(total - current) * logQ
        // Past the mode the terms only shrink: add them, relative to the first, until they stop
        // mattering. term(k+1) / term(k) = (total - k) / (k + 1) · p / q.
        var sum = 0.0
        var term = 1.0
        var k = current
        while k <= total {
            sum += term
            if term < sum * 1e-15 || k == total { break }
            term *= Double(total - k) / Double(k + 1) * p / (1 - p)
            k += 1
        }
        return min(1, exp(first) * sum)
    }
}
