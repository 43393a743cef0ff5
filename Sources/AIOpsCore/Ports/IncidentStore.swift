public import Foundation

/// Which incidents to list; nil fields do not filter.
public struct IncidentFilter: Sendable, Hashable {
    public var status: IncidentStatus?
    public var severity: Severity?
    public var instanceID: String?
    public var from: Date?
    public var to: Date?
    /// Only incidents a person gave this verdict: detection reads the false positives each cycle.
    public var feedback: Feedback.Verdict?

    public init(
        status: IncidentStatus? = nil, severity: Severity? = nil, instanceID: String? = nil, from: Date? = nil,
        to: Date? = nil, feedback: Feedback.Verdict? = nil
    ) {
        self.status = status
        self.severity = severity
        self.instanceID = instanceID
        self.from = from
        self.to = to
        self.feedback = feedback
    }
}

/// A page of results and the opaque cursor of the next one (nil on the last page).
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Stores incidents, anomalies, actions and the audit trail: SQLite embedded, DynamoDB on AWS.
///
/// Every write is atomic and idempotent where the pipeline may repeat it, so an agent killed at
/// any moment and restarted neither loses nor duplicates anything.
public protocol IncidentStore: LeaseStore, SilenceStore, ApprovalStore {
    /// Inserts or replaces an incident by id, unconditionally and with the version it carries:
    /// for seeding and imports. The pipeline and the API write through `update(incidentID:_:)`.
    func save(_ incident: Incident) async throws
    /// Writes `incident` only if the stored copy's version is still `incident.version` (no stored
    /// copy counts as version 0, so saving a new incident is a conditional create), as one atomic
    /// step; the stored copy gets version `incident.version + 1` and is returned. Nil, and nothing
    /// written, when another write came first: re-read and merge (`update(incidentID:_:)` does).
    func saveIfUnchanged(_ incident: Incident) async throws -> Incident?
    func incident(id: String) async throws -> Incident?
    /// The newest incident of an instance (and metric, when given) that is not resolved.
    func openIncident(instanceID: String, metric: MetricName?) async throws -> Incident?
    /// Newest first (by `openedAt`, then id), at most `limit`, continuing after `cursor`.
    func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident>
    /// The same page, for lists that show no root cause: a store may leave `findings` empty and
    /// save reading them (the dashboard's list, its most requested answer). By default, `incidents`.
    func incidentSummaries(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws
        -> Page<Incident>

    /// Records an anomaly point under its incident; recording the same point twice keeps one.
    func recordAnomaly(_ anomaly: Anomaly, incidentID: String) async throws
    func anomalies(incidentID: String) async throws -> [Anomaly]

    /// Adds points to the chart kept with an incident; a point with a timestamp already kept
    /// replaces it. The points of one incident come back oldest first.
    func appendSeries(_ points: [ScoredPoint], incidentID: String) async throws
    func series(incidentID: String) async throws -> [ScoredPoint]

    /// Replaces what the agent last saw of an instance (by instance id).
    func saveSnapshot(_ snapshot: InstanceSnapshot) async throws
    // Batch snapshot write (issue #11, fan-out): see the extension at the end of this file.
    func saveSnapshots(_ snapshots: [InstanceSnapshot]) async throws
    /// Every instance's latest snapshot, ordered by instance name then id.
    func snapshots() async throws -> [InstanceSnapshot]

    /// Claims `action.idempotencyKey`: inserts the action and returns true, or returns false and
    /// writes nothing when an action with that key exists already.
    func claim(_ action: RemediationAction) async throws -> Bool
    /// Replaces an action by id (its status after verification, say).
    func update(_ action: RemediationAction) async throws
    /// Actions newest first, optionally of one incident or instance, since a time.
    func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws -> [RemediationAction]
    /// The actions still `pending` (awaiting verification) taken since a time, newest first, at
    /// most `limit`: verification reads them every cycle, so a store may answer from what is
    /// pending rather than from every action since then. By default, a filter over `actions`.
    func pendingActions(since: Date, limit: Int) async throws -> [RemediationAction]

    /// Appends to the audit trail; appending the same record id twice keeps one.
    func append(_ record: AuditRecord) async throws
    /// Audit records newest first, optionally of one incident.
    func audit(incidentID: String?, limit: Int) async throws -> [AuditRecord]

    /// Marks an event id as handled; returns false when it was handled already (at-least-once delivery).
    func markHandled(eventID: String, at: Date) async throws -> Bool

    /// A small durable key-value record for the agent's own progress (e.g. the last cycle's time).
    func checkpoint(_ key: String) async throws -> String?
    func setCheckpoint(_ key: String, _ value: String) async throws
}

extension IncidentStore {
    public func pendingActions(since: Date, limit: Int) async throws -> [RemediationAction] {
        Array(
            try await actions(incidentID: nil, instanceID: nil, since: since, limit: 10_000)
                .filter { $0.status == .pending }.prefix(limit))
    }

    public func incidentSummaries(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws
        -> Page<Incident>
    {
        try await incidents(matching: filter, limit: limit, cursor: cursor)
    }
}

// MARK: Batch snapshot write (issue #11, fan-out)

extension IncidentStore {
    /// Replaces the snapshots of many instances at once (a detection cycle's, after scoring): as
    /// `saveSnapshot` for each, in as few round trips as the store allows (DynamoDB writes 25 per
    /// `BatchWriteItem`). By default, one `saveSnapshot` after the other.
    public func saveSnapshots(_ snapshots: [InstanceSnapshot]) async throws {
        for snapshot in snapshots { try await saveSnapshot(snapshot) }
    }
}
