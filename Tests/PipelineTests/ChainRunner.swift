import AIOpsCore
import Composition
import Foundation
import Pipeline
import TestSupport
import Testing

/// Everything an agent leaves in its store, in a comparable form.
struct StoreDump: Equatable {
    var incidents: [Incident]
    var anomalies: [String: [Anomaly]]
    var series: [String: [ScoredPoint]]
    var actions: [RemediationAction]
    /// Without the records of ignored duplicates (a replay after a kill adds those, rightly).
    var audit: [AuditRecord]
    var snapshots: [InstanceSnapshot]
    var checkpoint: String?

    static func of(_ store: any IncidentStore) async throws -> StoreDump {
        var incidents = try await store.allIncidents(pageSize: 100)
        incidents.sort { $0.id < $1.id }
        var anomalies: [String: [Anomaly]] = [:]
        var series: [String: [ScoredPoint]] = [:]
        for incident in incidents {
            anomalies[incident.id] = try await store.anomalies(incidentID: incident.id)
            series[incident.id] = try await store.series(incidentID: incident.id)
        }
        let actions = try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 100_000)
            .sorted { $0.id < $1.id }
        let audit = try await store.audit(incidentID: nil, limit: 100_000).filter { $0.action != "duplicate" }
            .sorted { $0.id < $1.id }
        return StoreDump(
            incidents: incidents, anomalies: anomalies, series: series, actions: actions, audit: audit,
            snapshots: try await store.snapshots(), checkpoint: try await store.checkpoint(Agent.checkpointKey))
    }
}

extension StoreDump {
    /// Compares part by part, so that a difference is reported small enough to read.
    func expectEqual(to expected: StoreDump, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(
            incidents.map(\.id) == expected.incidents.map(\.id), "\(label): incident ids",
            sourceLocation: sourceLocation)
        for (mine, theirs) in zip(incidents, expected.incidents) where mine != theirs {
            Issue.record(
                "\(label): incident \(mine.id) differs: \(mine.anomalyCount) vs \(theirs.anomalyCount) anomalies, \(mine.status) vs \(theirs.status), \(mine.severity) vs \(theirs.severity)",
                sourceLocation: sourceLocation)
        }
        for (id, list) in expected.anomalies where anomalies[id] != list {
            Issue.record(
                "\(label): anomalies of \(id): \(anomalies[id]?.count ?? 0) vs \(list.count)",
                sourceLocation: sourceLocation)
        }
        for (id, list) in expected.series where series[id] != list {
            Issue.record(
                "\(label): series of \(id): \(series[id]?.count ?? 0) vs \(list.count) points",
                sourceLocation: sourceLocation)
        }
        #expect(actions == expected.actions, "\(label): actions", sourceLocation: sourceLocation)
        #expect(
            Set(audit.map(\.id)).symmetricDifference(expected.audit.map(\.id)).isEmpty, "\(label): audit ids",
            sourceLocation: sourceLocation)
        #expect(
            audit == expected.audit || Set(audit.map(\.id)) != Set(expected.audit.map(\.id)),
            "\(label): audit contents", sourceLocation: sourceLocation)
        #expect(snapshots == expected.snapshots, "\(label): snapshots", sourceLocation: sourceLocation)
        #expect(checkpoint == expected.checkpoint, "\(label): checkpoint", sourceLocation: sourceLocation)
    }
}

/// Runs agent cycles at every `interval` from `start` through `end` on `clock`. When the store
/// "dies" (see `CrashingStore`), a new agent is built on the surviving store and runs again at the
/// same moment, as a supervisor restarting a killed process would.
func runCycles(
    clock: ManualClock, from start: Date, through end: Date, interval: TimeInterval, base: any IncidentStore,
    crashAt: Int?, make: (any IncidentStore) async throws -> EmbeddedPipeline
) async throws -> (pipeline: EmbeddedPipeline, restarts: Int, writes: Int) {
    var store = CrashingStore(base, crashAt: crashAt)
    var pipeline = try await make(store)
    var restarts = 0
    var writes = 0
    var t = start
    while t <= end {
        clock.set(t)
        do {
            try await pipeline.agent.runCycle()
            if store.crashed { throw CrashingStore.Killed() }
            t = t.addingTimeInterval(interval)
        } catch {
            guard store.crashed else { throw error }
            restarts += 1
            writes += store.writeCount
            store = CrashingStore(base, crashAt: nil)
            pipeline = try await make(store)
        }
    }
    return (pipeline, restarts, writes + store.writeCount)
}
