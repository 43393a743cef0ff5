public import AIOpsCore
public import Foundation

/// Resolves open incidents that have gone quiet: no new anomaly for `quietPeriod` and no action
/// awaiting verification. Without it every later anomaly of an instance would join one endless
/// incident. Acknowledged incidents are left to the person who took them.
public struct IncidentJanitor: Sendable {
    let store: any IncidentStore
    let quietPeriod: TimeInterval

    public init(store: any IncidentStore, quietPeriod: TimeInterval) {
        self.store = store
        self.quietPeriod = quietPeriod
    }

    /// Resolves what went quiet by `now`; returns the incidents resolved.
    public func resolveQuiet(now: Date) async throws -> [Incident] {
        let horizon = now.addingTimeInterval(-quietPeriod)
        let candidates = try await store.allIncidents(matching: IncidentFilter(status: .open))
            .filter { $0.updatedAt <= horizon }

        var resolved: [Incident] = []
        for incident in candidates {
            let last = try await store.anomalies(incidentID: incident.id).map(\.timestamp).max() ?? incident.openedAt
            guard last <= horizon else { continue }
            let pending = try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 10)
                .contains { $0.status == .pending }
            guard !pending else { continue }
            // The audit first, as ever: a crash before the write repeats it (same id), never loses it.
            try await store.append(
                AuditRecord(
                    id: StableID.make("audit", incident.id, "auto-resolve"), at: now, actor: "agent",
                    action: "resolve", instanceID: incident.instanceID, incidentID: incident.id, outcome: "resolved",
                    reason: "no anomaly since \(ISO8601.string(from: last)) (quiet for \(Int(quietPeriod / 60)) min)"))
            // Conditional on the copy read: a person who acknowledged or resolved it meanwhile wins,
            // and so does an anomaly that joined it.
            let written = try await store.update(incidentID: incident.id) { fresh in
                guard fresh.status == .open, fresh.updatedAt <= horizon else { return false }
                fresh.status = .resolved
                fresh.resolvedAt = now
                fresh.updatedAt = now
                return true
            }
            guard let written else { continue }
            guard written.changed else {
                try await store.append(
                    AuditRecord(
                        id: StableID.make("audit", incident.id, "auto-resolve-withdrawn"), at: now, actor: "agent",
                        action: "resolve", instanceID: incident.instanceID, incidentID: incident.id,
                        outcome: "withdrawn",
                        reason: "the incident changed first (now \(written.incident.status.rawValue), updated "
                            + "\(ISO8601.string(from: written.incident.updatedAt))): not resolved"))
                continue
            }
            resolved.append(written.incident)
        }
        return resolved
    }
}
