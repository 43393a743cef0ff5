public import Foundation

/// When an instance counts as recovered after an action: its metric back within the band it kept
/// before the incident, and its error-level log rate back near its baseline, over the settled
/// end of the verification window (the first part is the reboot itself).
public struct RecoveryCriteria: Sendable, Hashable {
    /// The closing fraction of the verification window that is judged.
    public var settledFraction: Double
    /// Share of the metric's points in that part that must lie within the band.
    public var requiredShare: Double
    /// How much the band is widened on each side, as a fraction of its width.
    public var bandTolerance: Double
    /// The history before the incident that defines "normal"...
    public var baselineSpan: TimeInterval
    /// ...ending this long before the incident opened (its run-up is not normal).
    public var baselineGap: TimeInterval
    /// The error rate allowed afterwards: at most `baseline × errorRateFactor`, or
    /// `baseline + errorRateSlack` per minute when that is larger (a quiet baseline has rate 0).
    public var errorRateFactor: Double
    public var errorRateSlack: Double

    public init(
        settledFraction: Double = 0.5, requiredShare: Double = 0.8, bandTolerance: Double = 0.25,
        baselineSpan: TimeInterval = 2 * 3600, baselineGap: TimeInterval = 15 * 60, errorRateFactor: Double = 2,
        errorRateSlack: Double = 0.5
    ) {
        self.settledFraction = settledFraction
        self.requiredShare = requiredShare
        self.bandTolerance = bandTolerance
        self.baselineSpan = baselineSpan
        self.baselineGap = baselineGap
        self.errorRateFactor = errorRateFactor
        self.errorRateSlack = errorRateSlack
    }
}
