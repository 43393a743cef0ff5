import AIOpsCore

/// Tells which incidents are new or changed between two looks at the store. Does no I/O.
struct IncidentChangeDetector {
    private var known: [String: Int] = [:]
    private var started = false

    /// The ids seen last time: those missing from the next look must be fetched one by one, as
    /// they may have changed out of the watched set (an older incident resolved, say).
    var knownIDs: Dictionary<String, Int>.Keys { known.keys }

    /// The changes in `incidents` (this look's watched set) since the last look. The first look
    /// only learns what exists: nothing is new to someone who was not watching before.
    mutating func changes(in incidents: [Incident]) -> [(IncidentChange.Kind, Incident)] {
        var next: [String: Int] = [:]
        var found: [(IncidentChange.Kind, Incident)] = []
        for incident in incidents where next[incident.id] == nil {
            let hash = incident.hashValue
            next[incident.id] = hash
            guard started else { continue }
            switch known[incident.id] {
            case nil: found.append((.opened, incident))
            case hash: break
            default: found.append((.updated, incident))
            }
        }
        known = next
        started = true
        return found.sorted { ($0.1.updatedAt, $0.1.id) < ($1.1.updatedAt, $1.1.id) }
    }
}
