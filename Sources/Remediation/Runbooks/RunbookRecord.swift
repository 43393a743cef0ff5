public import AIOpsCore
public import Foundation

/// A runbook's track record in shadow: how often it would have acted, how many of those incidents
/// people judged true positives, and how many were resolved without it.
public struct RunbookRecord: Sendable, Hashable {
    public var runbook: String
    /// Incidents it would have acted on (every guard passed).
    public var wouldHaveActed: Int
    /// Incidents it matched where a guard would have stopped it.
    public var stoppedByGuards: Int
    /// Of `wouldHaveActed`, the incidents people judged true positives: its judged shadow successes.
    public var judgedTruePositive: Int
    /// Of `wouldHaveActed`, the incidents people judged false positives.
    public var judgedFalsePositive: Int
    /// Of `wouldHaveActed`, the incidents resolved without it (by a person, another runbook, or by
    /// themselves).
    public var resolvedWithout: Int
    /// The newest shadow run.
    public var lastAt: Date?

    public init(runbook: String) {
        self.runbook = runbook
        wouldHaveActed = 0
        stoppedByGuards = 0
        judgedTruePositive = 0
        judgedFalsePositive = 0
        resolvedWithout = 0
    }

    /// How far back a track record looks: long enough for people to judge, bounded for the read.
    public static let horizon: TimeInterval = 90 * 86_400

    /// The records of `runbooks` (every one, with or without runs) from the shadow runs among
    /// `actions`, with each incident as found in `incidents` (a missing incident counts as unjudged
    /// and unresolved).
    public static func tally(
        runbooks: [String], actions: [RemediationAction], incidents: [String: Incident]
    ) -> [RunbookRecord] {
        var records = Dictionary(uniqueKeysWithValues: runbooks.map { ($0, RunbookRecord(runbook: $0)) })
        for action in actions {
            guard let name = ShadowRecord.runbook(of: action) else { continue }
            var record = records[name] ?? RunbookRecord(runbook: name)
            record.lastAt = max(record.lastAt ?? action.at, action.at)
            if action.status == .shadow {
                record.wouldHaveActed += 1
                let incident = incidents[action.incidentID]
                switch incident?.feedback?.verdict {
                case .truePositive: record.judgedTruePositive += 1
                case .falsePositive: record.judgedFalsePositive += 1
                case nil: break
                }
                if incident?.status == .resolved { record.resolvedWithout += 1 }
            } else {
                record.stoppedByGuards += 1
            }
            records[name] = record
        }
        let order = Dictionary(uniqueKeysWithValues: runbooks.enumerated().map { ($1, $0) })
        return records.values.sorted {
            (order[$0.runbook] ?? .max, $0.runbook) < (order[$1.runbook] ?? .max, $1.runbook)
        }
    }

    /// The records read from `store`: the shadow runs of the last `horizon`, and their incidents.
    public static func read(
        from store: any IncidentStore, runbooks: [String], now: Date, limit: Int = 10_000
    ) async throws -> [RunbookRecord] {
        let actions = try await store.actions(
            incidentID: nil, instanceID: nil, since: now.addingTimeInterval(-horizon), limit: limit
        ).filter(ShadowRecord.isShadow)
        var incidents: [String: Incident] = [:]
        for id in Set(actions.filter { $0.status == .shadow }.map(\.incidentID)) {
            incidents[id] = try await store.incident(id: id)
        }
        return tally(runbooks: runbooks, actions: actions, incidents: incidents)
    }
}
