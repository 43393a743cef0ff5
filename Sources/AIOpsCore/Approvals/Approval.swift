public import Foundation

/// An action waiting for a person's yes or no: it runs only once someone holding `approverRole`
/// approves it before `expiresAt`; unanswered, it expires into an escalation.
///
/// One per incident (`Approval.id(incidentID:)`), beside the incident's one action, whose status
/// is `awaiting_approval` meanwhile. Its state changes once, from `pending`, as one conditional
/// write (`ApprovalStore.settleApproval`): of two people answering at once, the first one counts.
public struct Approval: Sendable, Codable, Hashable, Identifiable {
    public enum State: String, Sendable, Codable, Hashable, CaseIterable {
        case pending, approved, rejected, expired
        /// Answered after the incident resolved: nothing was done.
        case withdrawn
    }

    /// What a person answers.
    public enum Verdict: String, Sendable, Codable, Hashable, CaseIterable {
        case approve, reject
    }

    public var id: String
    public var incidentID: String
    /// The incident's one action (`awaiting_approval` until this is answered).
    public var actionID: String
    /// The instance as the alert saw it: the escalation of an expired approval names it.
    public var instance: Instance
    public var kind: ActionKind
    /// Who may answer, e.g. `on-call`: shown to people, named in the escalation.
    public var approverRole: String
    /// Why it was asked (the incident's summary at the time).
    public var reason: String
    public var requestedAt: Date
    public var expiresAt: Date
    public var state: State
    /// Who answered (or `agent` for an expiry), when, and through which surface
    /// (`dashboard`, `api`, `slack`, `upkeep`).
    public var decidedBy: String?
    public var decidedAt: Date?
    public var decidedVia: String?

    public init(
        id: String, incidentID: String, actionID: String, instance: Instance, kind: ActionKind, approverRole: String,
        reason: String, requestedAt: Date, expiresAt: Date, state: State = .pending, decidedBy: String? = nil,
        decidedAt: Date? = nil, decidedVia: String? = nil
    ) {
        self.id = id
        self.incidentID = incidentID
        self.actionID = actionID
        self.instance = instance
        self.kind = kind
        self.approverRole = approverRole
        self.reason = reason
        self.requestedAt = requestedAt
        self.expiresAt = expiresAt
        self.state = state
        self.decidedBy = decidedBy
        self.decidedAt = decidedAt
        self.decidedVia = decidedVia
    }

    /// The id of the one approval an incident may have.
    public static func id(incidentID: String) -> String { StableID.make("approval", incidentID) }

    /// Still pending, but past its expiry: no answer counts any more; the upkeep escalates it.
    public func isOverdue(at now: Date) -> Bool { state == .pending && now >= expiresAt }

    /// What `answer` makes of this approval, as a pure transition (nothing is written here): the
    /// settled copy to write conditionally, or why the answer changes nothing.
    public func answer(_ verdict: Verdict, by person: String, via surface: String, at now: Date) -> Transition {
        guard state == .pending else { return .unchanged(.alreadyDecided) }
        guard now < expiresAt else { return .unchanged(.expired) }
        return .settle(settled(verdict == .approve ? .approved : .rejected, by: person, via: surface, at: now))
    }

    /// The copy in `state`, answered by `person` through `surface` at `now`.
    public func settled(_ state: State, by person: String, via surface: String, at now: Date) -> Approval {
        var copy = self
        copy.state = state
        copy.decidedBy = person
        copy.decidedVia = surface
        copy.decidedAt = now
        return copy
    }

    public enum Transition: Sendable, Hashable {
        /// Write this copy, on condition that the stored one is still pending.
        case settle(Approval)
        case unchanged(Refusal)
    }

    public enum Refusal: String, Sendable, Hashable {
        case alreadyDecided = "already-decided"
        case expired
    }

    /// `approved by alice via slack at …` (or `pending until …`), for messages and the audit trail.
    public var standing: String {
        guard state != .pending, let decidedBy, let decidedAt else {
            return "pending until \(ISO8601.string(from: expiresAt))"
        }
        return "\(state.rawValue) by \(decidedBy) via \(decidedVia ?? "?") at \(ISO8601.string(from: decidedAt))"
    }
}
