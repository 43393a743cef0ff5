extension IncidentStore {
    /// Optimistic concurrency: reads incident `incidentID`, lets `change` edit it and writes it
    /// only if nobody wrote it meanwhile; otherwise reads it again and re-applies `change` to what
    /// is stored now. `change` thus always starts from the latest decisions (a person's
    /// acknowledgement, say) and merges its own edit into them; it returns false to write nothing
    /// (what it would do no longer applies). Returns the incident as stored afterwards and whether
    /// `change` was written; nil when there is no such incident.
    ///
    /// `attempts` bounds the retries: each conflict means another write succeeded, so running out
    /// takes that many writers on one incident at once. It is then an `unavailable` error.
    public func update(
        incidentID: String, attempts: Int = 32, _ change: (inout Incident) throws -> Bool
    ) async throws -> (incident: Incident, changed: Bool)? {
        for _ in 0..<max(1, attempts) {
            guard let current = try await incident(id: incidentID) else { return nil }
            var edited = current
            guard try change(&edited), edited != current else { return (current, false) }
            edited.version = current.version
            if let stored = try await saveIfUnchanged(edited) { return (stored, true) }
        }
        throw AIOpsError(
            .unavailable, "incident \(incidentID) kept changing under \(attempts) attempts to write it; try again")
    }

    /// Saves a new incident, or, when one with its id exists already (created meanwhile by a
    /// concurrent writer), merges into it with `merge`. Returns the incident as stored.
    public func create(_ incident: Incident, orMerge merge: (inout Incident) throws -> Bool) async throws -> Incident {
        var fresh = incident
        fresh.version = 0
        if let stored = try await saveIfUnchanged(fresh) { return stored }
        guard let merged = try await update(incidentID: incident.id, merge) else {
            throw AIOpsError(.unavailable, "incident \(incident.id) was neither created nor found; try again")
        }
        return merged.incident
    }
}
