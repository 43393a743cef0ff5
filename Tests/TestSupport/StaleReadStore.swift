public import AIOpsCore
public import Foundation

/// A store whose chosen reads answer as if nothing had been written yet: what concurrent
/// workers see when all their reads happen before anyone's write (or, on DynamoDB, before an
/// index catches up). What then keeps them apart is the store's conditional writes alone.
public struct StaleReadStore: IncidentStore, SilenceForwarding {
    public struct Reads: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// `actions` lists come back empty (the remediation guards' history).
        public static let actionHistory = Reads(rawValue: 1)
        /// `openIncident` finds nothing (the by-instance index lags).
        public static let openIncident = Reads(rawValue: 2)
    }

    let base: any IncidentStore
    let stale: Reads

    public init(_ base: any IncidentStore, stale: Reads) {
        self.base = base
        self.stale = stale
    }

    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        if stale.contains(.actionHistory) { return [] }
        return try await base.actions(incidentID: incidentID, instanceID: instanceID, since: since, limit: limit)
    }

    public var silenceStore: any SilenceStore { base }

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
        if stale.contains(.openIncident) { return nil }
        return try await base.openIncident(instanceID: instanceID, metric: metric)
    }
    public func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident> {
        try await base.incidents(matching: filter, limit: limit, cursor: cursor)
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
    public func snapshots() async throws -> [InstanceSnapshot] { try await base.snapshots() }
    public func claim(_ action: RemediationAction) async throws -> Bool { try await base.claim(action) }
    public func update(_ action: RemediationAction) async throws { try await base.update(action) }
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
