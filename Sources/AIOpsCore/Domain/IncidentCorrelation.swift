/// What ties an incident to more than one instance, and how it behaved: the instances it covers,
/// what they share, how often it re-opened. Empty for an incident of one instance that never
/// re-opened (and for incidents stored before correlation existed).
public struct IncidentCorrelation: Sendable, Codable, Hashable {
    /// The instances whose anomalies joined the incident, the one that opened it first; empty
    /// when only that one did.
    public var members: [String]
    /// What the members share that later anomalies may match: `tag=value` of the group tags, and
    /// `depends-on:<role>` / `role:<role>` for the dependency edges.
    public var keys: [String]
    /// Times the incident re-opened after it was resolved (a flapping series).
    public var flaps: Int
    /// The member the evidence points at as the likely origin (upstream along a dependency).
    public var origin: String?

    public init(members: [String] = [], keys: [String] = [], flaps: Int = 0, origin: String? = nil) {
        self.members = members
        self.keys = keys
        self.flaps = flaps
        self.origin = origin
    }

    /// True when there is nothing to keep.
    public var isEmpty: Bool { members.isEmpty && keys.isEmpty && flaps == 0 && origin == nil }

    /// Merges another copy's knowledge: members and keys unite (in order), flaps only grow.
    public mutating func merge(_ other: IncidentCorrelation) {
        for member in other.members where !members.contains(member) { members.append(member) }
        for key in other.keys where !keys.contains(key) { keys.append(key) }
        flaps = max(flaps, other.flaps)
        if origin == nil { origin = other.origin }
    }
}
