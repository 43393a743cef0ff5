import AIOpsCore
import Foundation
import Synchronization

/// An `IncidentStore` whose process "dies" at its n-th write: that write and every call after it
/// fail, as if the agent had been killed there. Each write of the underlying store is atomic, so
/// this reaches every state a kill between two writes can leave.
final class CrashingStore: IncidentStore, SilenceForwarding, ApprovalForwarding {
    struct Killed: Error, CustomStringConvertible {
        var description: String { "the agent was killed here" }
    }

    let base: any IncidentStore
    let crashAt: Int?
    private let writes = Mutex(0)
    private let dead = Mutex(false)

    init(_ base: any IncidentStore, crashAt: Int?) {
        self.base = base
        self.crashAt = crashAt
    }

    var writeCount: Int { writes.withLock { $0 } }
    var crashed: Bool { dead.withLock { $0 } }

    private func read() throws {
        if dead.withLock({ $0 }) { throw Killed() }
    }

    private func write() throws {
        try read()
        let n = writes.withLock { count in
            count += 1
            return count
        }
        if let crashAt, n >= crashAt {
            dead.withLock { $0 = true }
            throw Killed()
        }
    }

    func save(_ incident: Incident) async throws {
        try write()
        try await base.save(incident)
    }
    func saveIfUnchanged(_ incident: Incident) async throws -> Incident? {
        try write()
        return try await base.saveIfUnchanged(incident)
    }
    func incident(id: String) async throws -> Incident? {
        try read()
        return try await base.incident(id: id)
    }
    func openIncident(instanceID: String, metric: MetricName?) async throws -> Incident? {
        try read()
        return try await base.openIncident(instanceID: instanceID, metric: metric)
    }
    func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident> {
        try read()
        return try await base.incidents(matching: filter, limit: limit, cursor: cursor)
    }
    func recordAnomaly(_ anomaly: Anomaly, incidentID: String) async throws {
        try write()
        try await base.recordAnomaly(anomaly, incidentID: incidentID)
    }
    func anomalies(incidentID: String) async throws -> [Anomaly] {
        try read()
        return try await base.anomalies(incidentID: incidentID)
    }
    func appendSeries(_ points: [ScoredPoint], incidentID: String) async throws {
        try write()
        try await base.appendSeries(points, incidentID: incidentID)
    }
    func series(incidentID: String) async throws -> [ScoredPoint] {
        try read()
        return try await base.series(incidentID: incidentID)
    }
    func saveSnapshot(_ snapshot: InstanceSnapshot) async throws {
        try write()
        try await base.saveSnapshot(snapshot)
    }
    func snapshots() async throws -> [InstanceSnapshot] {
        try read()
        return try await base.snapshots()
    }
    func claim(_ action: RemediationAction) async throws -> Bool {
        try write()
        return try await base.claim(action)
    }
    var silenceStore: any SilenceStore { base }
    var approvalStore: any ApprovalStore { base }

    func acquireLease(_ key: String, holder: String, until: Date, now: Date) async throws -> LeaseGrant {
        try write()
        return try await base.acquireLease(key, holder: holder, until: until, now: now)
    }
    func releaseLease(_ key: String, holder: String) async throws {
        try write()
        try await base.releaseLease(key, holder: holder)
    }
    func update(_ action: RemediationAction) async throws {
        try write()
        try await base.update(action)
    }
    func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        try read()
        return try await base.actions(incidentID: incidentID, instanceID: instanceID, since: since, limit: limit)
    }
    func append(_ record: AuditRecord) async throws {
        try write()
        try await base.append(record)
    }
    func audit(incidentID: String?, limit: Int) async throws -> [AuditRecord] {
        try read()
        return try await base.audit(incidentID: incidentID, limit: limit)
    }
    func markHandled(eventID: String, at: Date) async throws -> Bool {
        try write()
        return try await base.markHandled(eventID: eventID, at: at)
    }
    func checkpoint(_ key: String) async throws -> String? {
        try read()
        return try await base.checkpoint(key)
    }
    func setCheckpoint(_ key: String, _ value: String) async throws {
        try write()
        try await base.setCheckpoint(key, value)
    }
}
