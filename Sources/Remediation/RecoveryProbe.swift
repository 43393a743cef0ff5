public import AIOpsCore
public import Foundation

/// Whether an instance recovered after an action, with the evidence a person can check.
public enum RecoveryVerdict: Sendable, Hashable {
    case recovered(evidence: String)
    case notRecovered(evidence: String)

    public var evidence: String {
        switch self {
        case .recovered(let evidence), .notRecovered(let evidence): evidence
        }
    }
}

/// Judges recovery after a remediation: the metric back in its expected range and the error rate
/// back to its baseline. The pipeline implements it over the metric and log sources.
public protocol RecoveryProbe: Sendable {
    /// Looks at `incident`'s instance between `action.at` and `now` (the end of the verification window).
    func verify(action: RemediationAction, incident: Incident, now: Date) async throws -> RecoveryVerdict
}
