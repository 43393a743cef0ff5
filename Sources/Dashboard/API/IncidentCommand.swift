import AIOpsCore
import Foundation

/// What a person can do to an incident through the API, and its effect. Does no I/O.
enum IncidentCommand: Sendable, Hashable {
    case acknowledge
    case resolve
    case feedback(Feedback.Verdict, note: String?)

    /// The incident after the command and the audit record saying so, or nil when the command
    /// changes nothing (acknowledging twice). Acknowledging a resolved incident is a conflict.
    func apply(to incident: Incident, at now: Date, by actor: String) throws(APIError) -> (Incident, AuditRecord)? {
        var changed = incident
        let outcome: String
        var reason: String
        switch self {
        case .acknowledge:
            switch incident.status {
            case .acknowledged: return nil
            case .resolved:
                throw APIError(
                    .conflict, code: "conflict", "incident '\(incident.id)' is resolved; it cannot be acknowledged")
            case .open:
                changed.status = .acknowledged
                outcome = "acknowledged"
                reason = "a person acknowledged the incident"
            }
        case .resolve:
            guard incident.status != .resolved else { return nil }
            changed.status = .resolved
            changed.resolvedAt = now
            outcome = "resolved"
            reason = "a person resolved the incident"
        case .feedback(let verdict, let note):
            changed.feedback = Feedback(verdict: verdict, note: note, at: now, by: actor)
            outcome = verdict.rawValue
            reason = "a person judged the incident a \(verdict == .truePositive ? "true" : "false") positive"
            if let note { reason += ": \(note)" }
        }
        changed.updatedAt = max(now, incident.updatedAt)
        let record = AuditRecord(
            id: StableID.make("audit", incident.id, name, ISO8601.string(from: now), outcome, reason),
            at: now, actor: actor, action: name, instanceID: incident.instanceID, incidentID: incident.id,
            outcome: outcome, reason: reason)
        return (changed, record)
    }

    /// The audit trail's name for the command.
    var name: String {
        switch self {
        case .acknowledge: "acknowledge"
        case .resolve: "resolve"
        case .feedback: "feedback"
        }
    }
}
