public import AIOpsCore

/// A new or changed incident, as the event stream `GET /api/v1/events` sends it.
public struct IncidentChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The incident is new.
        case opened
        /// The incident changed: status, severity, evidence, feedback.
        case updated
    }

    public var kind: Kind
    public var incident: Incident
    /// Increases by one per change sent, per broadcaster: the SSE event id.
    public var sequence: UInt64

    public init(kind: Kind, incident: Incident, sequence: UInt64) {
        self.kind = kind
        self.incident = incident
        self.sequence = sequence
    }
}
