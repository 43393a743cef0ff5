public import AIOpsCore
public import Foundation

/// Domain values for store tests, with every optional field set so a lossy store shows.
public enum StoreFixtures {
    /// 2023-11-14T22:13:20Z, a fixed origin for the fixtures' times.
    public static let origin = Date(timeIntervalSince1970: 1_700_000_000)

    /// `origin` plus `minutes`, with a sub-millisecond part so a store that rounds times is caught.
    public static func time(_ minutes: Double) -> Date { origin.addingTimeInterval(minutes * 60 + 0.000_123_4) }

    public static func anomaly(
        instance: String = "i-0123456789abcdef0", metric: MetricName = .cpuUtilization, at: Date = time(0),
        value: Double = 97.5
    ) -> Anomaly {
        Anomaly(
            instanceID: instance, metric: metric, timestamp: at, value: value, score: 0.93, threshold: 0.6,
            expected: 20.25...45.5, drivingFeature: "deviation", detector: "test-detector")
    }

    public static func finding(_ n: Int, at: Date = time(0)) -> Finding {
        Finding(
            templateID: "T\(n)", template: "java.lang.OutOfMemoryError: <*> \(n)", level: n % 2 == 0 ? .error : .warn,
            count: 300 + n, baselineRate: 0.25 * Double(n), novelty: n == 0 ? .new : .surging,
            firstSeen: at.addingTimeInterval(Double(n)),
            examples: ["2026-11-25 14:02:00 ERROR OutOfMemoryError <script>alert(\(n))</script>", "second ∑ line"],
            rank: 1.0 / Double(n + 1))
    }

    /// An incident with findings, feedback and a band, so every column is exercised.
    public static func incident(
        _ id: String, instance: String = "i-0123456789abcdef0", metric: MetricName = .cpuUtilization,
        openedAt: Date = time(0), status: IncidentStatus = .open, severity: Severity = .critical,
        findings: Int = 3
    ) -> Incident {
        Incident(
            id: id, instanceID: instance, instanceName: "web-\(instance.suffix(2))", metric: metric, openedAt: openedAt,
            updatedAt: openedAt.addingTimeInterval(90), status: status, severity: severity,
            summary: "CPUUtilization 97% (expected 20–45%) on \(instance); \(findings) × \"OutOfMemoryError\"",
            anomaly: anomaly(instance: instance, metric: metric, at: openedAt), peakScore: 0.97, anomalyCount: 4,
            findings: (0..<findings).map { finding($0, at: openedAt) },
            feedback: status == .resolved
                ? Feedback(verdict: .truePositive, note: "rebooted", at: openedAt.addingTimeInterval(600), by: "alice")
                : nil,
            resolvedAt: status == .resolved ? openedAt.addingTimeInterval(600) : nil)
    }

    public static func action(
        _ id: String, incident: String = "inc-1", instance: String = "i-0123456789abcdef0", key: String? = nil,
        at: Date = time(0), status: ActionStatus = .pending
    ) -> RemediationAction {
        RemediationAction(
            id: id, incidentID: incident, instanceID: instance, kind: .reboot, status: status, at: at,
            reason: "CPU runaway with error burst", idempotencyKey: key ?? "\(incident)/reboot")
    }

    public static func audit(_ id: String, incident: String? = "inc-1", at: Date = time(0)) -> AuditRecord {
        AuditRecord(
            id: id, at: at, actor: "remediation", action: "reboot", instanceID: "i-0123456789abcdef0",
            incidentID: incident, outcome: "acted", reason: "tagged aiops:remediate=true")
    }

    public static func point(_ minute: Double, value: Double, anomalous: Bool = false) -> ScoredPoint {
        ScoredPoint(
            timestamp: time(minute), value: value, score: anomalous ? 0.9 : 0.1, expected: 20...45,
            isAnomaly: anomalous)
    }

    public static func snapshot(_ id: String, name: String, health: InstanceSnapshot.Health = .healthy)
        -> InstanceSnapshot
    {
        InstanceSnapshot(
            instance: Instance(id: id, name: name, tags: ["aiops:monitor": "true", "Name": name]), health: health,
            lastScore: 0.42, lastSeen: time(5),
            recent: (0..<5).map { MetricPoint(timestamp: time(Double($0)), value: 30 + Double($0)) })
    }
}
