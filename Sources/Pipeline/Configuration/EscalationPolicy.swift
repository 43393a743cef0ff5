public import AIOpsCore

/// Decides how much an analysed anomaly matters. The seed's rule: critical when the logs show
/// error-level evidence that is new or surging, or when the instance fails its status checks.
/// A metric anomaly without such evidence is a warning however high its score: stored and shown,
/// it pages no one and triggers no action.
public struct EscalationPolicy: Sendable, Hashable {
    public var criticalOnErrorEvidence: Bool
    /// The least severe log level that counts as evidence.
    public var evidenceLevel: LogLevel
    /// Occurrences of a template in the anomaly window before it counts.
    public var minimumEvidenceCount: Int
    public var criticalOnStatusCheckFailure: Bool
    /// The severity of an anomaly without evidence (`warning`, or `info` to keep it off the board).
    public var withoutEvidence: Severity

    public init(
        criticalOnErrorEvidence: Bool = true, evidenceLevel: LogLevel = .error, minimumEvidenceCount: Int = 1,
        criticalOnStatusCheckFailure: Bool = true, withoutEvidence: Severity = .warning
    ) {
        self.criticalOnErrorEvidence = criticalOnErrorEvidence
        self.evidenceLevel = evidenceLevel
        self.minimumEvidenceCount = minimumEvidenceCount
        self.criticalOnStatusCheckFailure = criticalOnStatusCheckFailure
        self.withoutEvidence = withoutEvidence
    }

    /// The findings that count as evidence: at or above `evidenceLevel`, new or surging, frequent
    /// enough. At error level the analyzer must also have judged them evidence
    /// (`hasErrorEvidence`: it discounts errors that merely grow with a traffic surge).
    public func evidence(in analysis: Analysis) -> [Finding] {
        guard analysis.hasErrorEvidence || evidenceLevel < .error else { return [] }
        return analysis.findings.filter {
            $0.level >= evidenceLevel && $0.novelty != .steady && $0.count >= minimumEvidenceCount
        }
    }

    /// The severity and the reason, in words for the audit trail.
    public func judge(_ analysis: Analysis, statusChecksFailing: Bool) -> (severity: Severity, reason: String) {
        var reasons: [String] = []
        if criticalOnErrorEvidence, let top = evidence(in: analysis).first {
            reasons.append("\(top.count) × \(top.level.rawValue) \"\(top.template)\" (\(top.novelty.rawValue))")
        }
        if criticalOnStatusCheckFailure, statusChecksFailing {
            reasons.append("the instance fails its status checks")
        }
        if !reasons.isEmpty { return (.critical, "critical: " + reasons.joined(separator: "; ")) }
        return (withoutEvidence, "\(withoutEvidence.rawValue): metric anomaly without error-level log evidence")
    }
}
