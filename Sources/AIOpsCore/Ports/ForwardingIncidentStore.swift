public import Foundation

/// An `IncidentStore` that passes every call to `base` except those it implements itself: a
/// decorator (publishing what is saved, answering some reads stale in a test) writes only what it
/// changes. Its silences and approvals are `base`'s.
public protocol ForwardingIncidentStore: IncidentStore, SilenceForwarding, ApprovalForwarding {
    associatedtype Base: IncidentStore
    var base: Base { get }
}

extension ForwardingIncidentStore {
    public var silenceStore: any SilenceStore { base }
    public var approvalStore: any ApprovalStore { base }
    public func acquireLease(_ key: String, holder: String, until: Date, now: Date) async throws -> LeaseGrant {
        try await base.acquireLease(key, holder: holder, until: until, now: now)
    }
    public func releaseLease(_ key: String, holder: String) async throws {
        try await base.releaseLease(key, holder: holder)
    }
    public func save(_ incident: Incident) async throws { try await base.save(incident) }
    public func saveIfUnchanged(_ incident: Incident) async throws -> Incident? {
        try await base.saveIfUnchanged(incident)
    }
    public func incident(id: String) async throws -> Incident? { try await base.incident(id: id) }
    public func openIncident(instanceID: String, metric: MetricName?) async throws -> Incident? {
        try await base.openIncident(instanceID: instanceID, metric: metric)
    }
    public func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident> {
        try await base.incidents(matching: filter, limit: limit, cursor: cursor)
    }
    public func incidentSummaries(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws
        -> Page<Incident>
    {
        try await base.incidentSummaries(matching: filter, limit: limit, cursor: cursor)
    }
    public func recordAnomaly(_ anomaly: Anomaly, incidentID: String) async throws {
        try await base.recordAnomaly(anomaly, incidentID: incidentID)
    }
    public func anomalies(incidentID: String) async throws -> [Anomaly] {
        try await base.anomalies(incidentID: incidentID)
    }
    public func appendSeries(_ points: [ScoredPoint], incidentID: String) async throws {
        try await base.appendSeries(points, incidentID: incidentID)
    }
    public func series(incidentID: String) async throws -> [ScoredPoint] {
        try await base.series(incidentID: incidentID)
    }
    public func saveSnapshot(_ snapshot: InstanceSnapshot) async throws { try await base.saveSnapshot(snapshot) }
    public func saveSnapshots(_ snapshots: [InstanceSnapshot]) async throws {
        try await base.saveSnapshots(snapshots)
    }
    public func snapshots() async throws -> [InstanceSnapshot] { try await base.snapshots() }
    public func claim(_ action: RemediationAction) async throws -> Bool { try await base.claim(action) }
    public func update(_ action: RemediationAction) async throws { try await base.update(action) }
    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        try await base.actions(incidentID: incidentID, instanceID: instanceID, since: since, limit: limit)
    }
    public func pendingActions(since: Date, limit: Int) async throws -> [RemediationAction] {
        try await base.pendingActions(since: since, limit: limit)
    }
    public func append(_ record: AuditRecord) async throws { try await base.append(record) }
    public func audit(incidentID: String?, limit: Int) async throws -> [AuditRecord] {
        try await base.audit(incidentID: incidentID, limit: limit)
    }
    public func markHandled(eventID: String, at: Date) async throws -> Bool {
        try await base.markHandled(eventID: eventID, at: at)
    }
    public func checkpoint(_ key: String) async throws -> String? { try await base.checkpoint(key) }
    public func setCheckpoint(_ key: String, _ value: String) async throws { try await base.setCheckpoint(key, value) }
}
