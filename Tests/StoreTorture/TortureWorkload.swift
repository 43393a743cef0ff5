import AIOpsCore
import Foundation

/// What the agent writes for one detected incident, step by step, each step its own transaction:
/// the workload the crash test kills at random moments.
///
/// Tests/SQLiteStoreTests/CrashSafetyTests.swift checks its results: keep `anomaliesPerStep`,
/// `pointsPerStep` and the shape of the final incident (resolved, `anomalyCount` equal to the number
/// of findings, an action that succeeded) in step with the checks there.
struct TortureWorkload {
    static let anomaliesPerStep = 3
    static let pointsPerStep = 20
    static let origin = Date(timeIntervalSince1970: 1_760_000_000)

    var store: any IncidentStore

    /// Applies step `n`; applying it again, whole or after a partial run, changes nothing more.
    func apply(_ n: Int) async throws {
        let at = Self.origin.addingTimeInterval(Double(n) * 60)
        let instance = "i-0\(String(format: "%017x", n % 8))"
        try await store.save(incident(n, at: at, instance: instance, resolved: false))
        for k in 0..<Self.anomaliesPerStep {
            let anomaly = Anomaly(
                instanceID: instance, metric: .cpuUtilization, timestamp: at.addingTimeInterval(Double(k) * 60),
                value: 90 + Double(k), score: 0.9, threshold: 0.6, expected: 20...45, detector: "torture")
            try await store.recordAnomaly(anomaly, incidentID: "inc-\(n)")
        }
        let points = (0..<Self.pointsPerStep).map { k in
            ScoredPoint(
                timestamp: at.addingTimeInterval(Double(k - Self.pointsPerStep) * 60), value: Double(k),
                score: 0.1, expected: 20...45, isAnomaly: k == Self.pointsPerStep - 1)
        }
        try await store.appendSeries(points, incidentID: "inc-\(n)")
        let action = RemediationAction(
            id: "act-\(n)", incidentID: "inc-\(n)", instanceID: instance, kind: .reboot, status: .pending, at: at,
            reason: "torture", idempotencyKey: "inc-\(n)/reboot")
        // A restarted agent that finds its claim taken resumes the verification it may not have
        // recorded, and never acts twice.
        let claimed = try await store.claim(action)
        let current =
            claimed
            ? action : try await store.actions(incidentID: "inc-\(n)", instanceID: nil, since: nil, limit: 1).first
        if let current, current.status == .pending {
            var verified = current
            verified.status = .succeeded
            verified.verifiedAt = at.addingTimeInterval(300)
            try await store.update(verified)
        }
        try await store.append(
            AuditRecord(
                id: "aud-\(n)", at: at, actor: "torture", action: "reboot", instanceID: instance,
                incidentID: "inc-\(n)", outcome: claimed ? "acted" : "already claimed", reason: "step \(n)"))
        try await store.save(incident(n, at: at, instance: instance, resolved: true))
        _ = try await store.markHandled(eventID: "evt-\(n)", at: at)
    }

    private func incident(_ n: Int, at: Date, instance: String, resolved: Bool) -> Incident {
        // The resolved copy has more findings than the open one, so a torn save shows as a
        // finding count that does not match `anomalyCount`.
        let findingCount = resolved ? 2 + n % 7 : 1
        let findings = (0..<findingCount).map { k in
            Finding(
                templateID: "T\(k)", template: "worker <*> failed: OutOfMemoryError \(k)", level: .error,
                count: 100 + k, baselineRate: 0, novelty: .new, firstSeen: at,
                examples: Array(repeating: "2026-11-25 14:02:00 ERROR worker \(n) failed", count: 3), rank: 1)
        }
        let anomaly = Anomaly(
            instanceID: instance, metric: .cpuUtilization, timestamp: at, value: 97, score: 0.95, threshold: 0.6,
            detector: "torture")
        return Incident(
            id: "inc-\(n)", instanceID: instance, instanceName: "web-\(n % 8)", metric: .cpuUtilization,
            openedAt: at, updatedAt: at.addingTimeInterval(resolved ? 600 : 0), status: resolved ? .resolved : .open,
            severity: .critical, summary: "step \(n)", anomaly: anomaly, peakScore: 0.95, anomalyCount: findingCount,
            findings: findings, resolvedAt: resolved ? at.addingTimeInterval(600) : nil)
    }
}
