import AIOpsCore
import Foundation

extension API {
    /// A series' alert threshold as people's false-positive verdicts raised it (issue 7, feedback):
    /// what the detection stage applies, and why.
    struct ThresholdAdjustment: Codable, Sendable, Hashable {
        var instanceId: String
        var metric: String
        /// The detector's own threshold.
        var baseThreshold: Double?
        /// The threshold applied instead.
        var threshold: Double?
        var falsePositiveScore: Double?
        /// The incidents marked false positive it derives from, newest first.
        var incidentIds: [String]
        /// True when the cap held it down: far-out anomalies still alert.
        var capped: Bool
        /// E.g. "threshold raised from 0.525 to 0.722 after 1 false positive on CPUUtilization …".
        var reason: String

        init(_ adjustment: AIOpsCore.ThresholdAdjustment) {
            instanceId = adjustment.instanceID
            metric = adjustment.metric.rawValue
            baseThreshold = adjustment.baseThreshold.finite
            threshold = adjustment.threshold.finite
            falsePositiveScore = adjustment.falsePositiveScore.finite
            incidentIds = adjustment.incidentIDs
            capped = adjustment.capped
            reason = adjustment.reason
        }
    }
}
