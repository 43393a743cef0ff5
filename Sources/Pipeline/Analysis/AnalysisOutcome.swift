public import AIOpsCore

/// What the analysis stage made of one anomaly event.
public enum AnalysisOutcome: Sendable, Hashable {
    /// A new incident (and its critical alert, when critical).
    case opened(Incident, alert: CriticalAlert?)
    /// The event's anomaly joined the instance's open incident (raising it to critical, possibly).
    case updated(Incident, alert: CriticalAlert?)
    /// The anomaly joined an incident another analysis is opening at this moment (not saved yet).
    case joined(incidentID: String)
    /// The anomaly was recorded before: nothing changed (at-least-once delivery).
    case duplicate(incidentID: String)
    /// A redelivered event older than the instance's current incident: its incident is closed.
    case stale

    public var incident: Incident? {
        switch self {
        case .opened(let incident, _), .updated(let incident, _): incident
        case .joined, .duplicate, .stale: nil
        }
    }

    public var alert: CriticalAlert? {
        switch self {
        case .opened(_, let alert), .updated(_, let alert): alert
        case .joined, .duplicate, .stale: nil
        }
    }
}
