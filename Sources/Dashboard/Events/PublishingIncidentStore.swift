public import AIOpsCore
import Foundation

/// An `IncidentStore` that tells the change feed about every incident it saves, so the dashboard
/// shows it at once: the pipeline in the same process (`aiops demo`) writes through it.
///
/// Everything else passes straight to `base`.
public struct PublishingIncidentStore<Base: IncidentStore>: ForwardingIncidentStore {
    public let base: Base
    public let events: IncidentEvents

    public init(base: Base, events: IncidentEvents) {
        self.base = base
        self.events = events
    }

    public func save(_ incident: Incident) async throws {
        let existed = try await base.incident(id: incident.id) != nil
        try await base.save(incident)
        events.publish(incident, kind: existed ? .updated : .opened)
    }

    public func saveIfUnchanged(_ incident: Incident) async throws -> Incident? {
        guard let stored = try await base.saveIfUnchanged(incident) else { return nil }
        events.publish(stored, kind: incident.version == 0 ? .opened : .updated)
        return stored
    }
}
