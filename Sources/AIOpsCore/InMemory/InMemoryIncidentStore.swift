public import Foundation

/// An `IncidentStore` in memory: for tests and short simulations. Same semantics as the durable
/// stores, including idempotent writes and cursor pagination.
public actor InMemoryIncidentStore: IncidentStore {
    private var incidentsByID: [String: Incident] = [:]
    private var anomaliesByIncident: [String: [Anomaly]] = [:]
    private var actionsByID: [String: RemediationAction] = [:]
    private var actionKeys: Set<String> = []
    private var auditByID: [String: AuditRecord] = [:]
    private var seriesByIncident: [String: [Date: ScoredPoint]] = [:]
    private var snapshotsByID: [String: InstanceSnapshot] = [:]
    private var handled: Set<String> = []
    private var checkpoints: [String: String] = [:]
    private var leases: [String: Lease] = [:]
    private var silencesByID: [String: Silence] = [:]
    private var approvalsByID: [String: Approval] = [:]

    public init() {}

    public func save(_ incident: Incident) { incidentsByID[incident.id] = incident }

    public func saveIfUnchanged(_ incident: Incident) -> Incident? {
        guard (incidentsByID[incident.id]?.version ?? 0) == incident.version else { return nil }
        var stored = incident
        stored.version += 1
        incidentsByID[incident.id] = stored
        return stored
    }

    public func incident(id: String) -> Incident? { incidentsByID[id] }

    public func openIncident(instanceID: String, metric: MetricName?) -> Incident? {
        incidentsByID.values
            .filter { $0.instanceID == instanceID && $0.status != .resolved && (metric == nil || $0.metric == metric) }
            .max { ($0.openedAt, $0.id) < ($1.openedAt, $1.id) }
    }

    public func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) throws -> Page<Incident> {
        guard limit > 0 else { throw AIOpsError(.invalidInput, "the page size must be at least 1, not \(limit)") }
        let after = try cursor.map(IncidentCursor.init(encoded:))
        let sorted = incidentsByID.values
            .filter { filter.matches($0) }
            .filter { incident in after.map { $0.precedes(incident) } ?? true }
            .sorted { IncidentCursor(incident: $0).precedes(IncidentCursor(incident: $1)) }
        let page = Array(sorted.prefix(limit))
        let next = sorted.count > limit ? page.last.map { IncidentCursor(incident: $0).encoded } : nil
        return Page(items: page, nextCursor: next)
    }

    public func recordAnomaly(_ anomaly: Anomaly, incidentID: String) {
        var list = anomaliesByIncident[incidentID, default: []]
        guard !list.contains(where: { $0.timestamp == anomaly.timestamp && $0.metric == anomaly.metric }) else {
            return
        }
        list.append(anomaly)
        anomaliesByIncident[incidentID] = list.sorted { $0.timestamp < $1.timestamp }
    }

    public func anomalies(incidentID: String) -> [Anomaly] { anomaliesByIncident[incidentID] ?? [] }

    public func appendSeries(_ points: [ScoredPoint], incidentID: String) {
        for point in points { seriesByIncident[incidentID, default: [:]][point.timestamp] = point }
    }

    public func series(incidentID: String) -> [ScoredPoint] {
        (seriesByIncident[incidentID] ?? [:]).values.sorted { $0.timestamp < $1.timestamp }
    }

    public func saveSnapshot(_ snapshot: InstanceSnapshot) { snapshotsByID[snapshot.instance.id] = snapshot }

    public func saveSnapshots(_ snapshots: [InstanceSnapshot]) {
        for snapshot in snapshots { snapshotsByID[snapshot.instance.id] = snapshot }
    }

    public func snapshots() -> [InstanceSnapshot] {
        snapshotsByID.values.sorted { ($0.instance.name, $0.instance.id) < ($1.instance.name, $1.instance.id) }
    }

    public func claim(_ action: RemediationAction) -> Bool {
        guard actionKeys.insert(action.idempotencyKey).inserted else { return false }
        actionsByID[action.id] = action
        return true
    }

    public func update(_ action: RemediationAction) { actionsByID[action.id] = action }

    public func acquireLease(_ key: String, holder: String, until: Date, now: Date) -> LeaseGrant {
        if let current = leases[key], current.holder != holder, current.until > now { return .held(current) }
        leases[key] = Lease(key: key, holder: holder, until: until)
        return .acquired
    }

    public func releaseLease(_ key: String, holder: String) {
        if leases[key]?.holder == holder { leases[key] = nil }
    }

    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) -> [RemediationAction] {
        Array(
            actionsByID.values
                .filter { incidentID == nil || $0.incidentID == incidentID }
                .filter { instanceID == nil || $0.instanceID == instanceID }
                .filter { since == nil || $0.at >= since! }
                .sorted { ($0.at, $0.id) > ($1.at, $1.id) }
                .prefix(max(0, limit)))
    }

    public func append(_ record: AuditRecord) { auditByID[record.id] = auditByID[record.id] ?? record }

    public func audit(incidentID: String?, limit: Int) -> [AuditRecord] {
        Array(
            auditByID.values
                .filter { incidentID == nil || $0.incidentID == incidentID }
                .sorted { ($0.at, $0.id) > ($1.at, $1.id) }
                .prefix(max(0, limit)))
    }

    public func markHandled(eventID: String, at: Date) -> Bool { handled.insert(eventID).inserted }

    public func checkpoint(_ key: String) -> String? { checkpoints[key] }

    public func setCheckpoint(_ key: String, _ value: String) { checkpoints[key] = value }

    // MARK: Silences

    public func createSilence(_ silence: Silence) -> Bool {
        guard silencesByID[silence.id] == nil else { return false }
        silencesByID[silence.id] = silence
        return true
    }

    public func silence(id: String) -> Silence? { silencesByID[id] }

    public func silences(expiringAfter now: Date) -> [Silence] {
        silencesByID.values.filter { $0.expiresAt > now }.sorted { ($0.expiresAt, $0.id) < ($1.expiresAt, $1.id) }
    }

    public func expireSilence(id: String, by: String, at: Date) -> Silence? {
        guard var silence = silencesByID[id] else { return nil }
        guard silence.expiredAt == nil else { return silence }
        silence.expiredAt = at
        silence.expiredBy = by
        silencesByID[id] = silence
        return silence
    }

    // MARK: Approvals

    public func createApproval(_ approval: Approval) -> Bool {
        guard approvalsByID[approval.id] == nil else { return false }
        approvalsByID[approval.id] = approval
        return true
    }

    public func approval(id: String) -> Approval? { approvalsByID[id] }

    public func pendingApprovals(limit: Int) -> [Approval] {
        Array(
            approvalsByID.values.filter { $0.state == .pending }
                .sorted { ($0.expiresAt, $0.id) < ($1.expiresAt, $1.id) }
                .prefix(max(0, limit)))
    }

    public func settleApproval(_ settled: Approval) -> ApprovalSettlement {
        guard let stored = approvalsByID[settled.id] else { return .missing }
        guard stored.state == .pending else { return .alreadySettled(stored) }
        approvalsByID[settled.id] = settled
        return .settled(settled)
    }
}

extension IncidentFilter {
    /// True when `incident` passes every filter that is set (`from`/`to` bound `openedAt`, inclusive).
    public func matches(_ incident: Incident) -> Bool {
        if let status, incident.status != status { return false }
        if let severity, incident.severity != severity { return false }
        if let instanceID, incident.instanceID != instanceID { return false }
        if let from, incident.openedAt < from { return false }
        if let to, incident.openedAt > to { return false }
        if let feedback, incident.feedback?.verdict != feedback { return false }
        return true
    }
}

/// The position of an incident in the newest-first order, as an opaque cursor.
public struct IncidentCursor: Sendable, Hashable {
    public var openedAt: Date
    public var id: String

    public init(incident: Incident) {
        openedAt = incident.openedAt
        id = incident.id
    }

    /// Decodes a cursor made by `encoded`; a malformed one is an `invalidInput` error.
    public init(encoded: String) throws(AIOpsError) {
        let base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        let padded = base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: padded), let text = String(data: data, encoding: .utf8),
            let bar = text.firstIndex(of: "|"), let millis = Int64(text[..<bar])
        else { throw AIOpsError(.invalidInput, "the cursor '\(encoded.prefix(64))' is not one this server issued") }
        openedAt = Date(timeIntervalSince1970: Double(millis) / 1000)
        id = String(text[text.index(after: bar)...])
    }

    public var encoded: String {
        let millis = Int64((openedAt.timeIntervalSince1970 * 1000).rounded())
        return Data("\(millis)|\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// True when the cursor position comes before `incident` in newest-first order.
    public func precedes(_ incident: Incident) -> Bool { precedes(IncidentCursor(incident: incident)) }

    public func precedes(_ other: IncidentCursor) -> Bool {
        let a = (openedAt.timeIntervalSince1970 * 1000).rounded()
        let b = (other.openedAt.timeIntervalSince1970 * 1000).rounded()
        return a != b ? a > b : id > other.id
    }
}
