package import AIOpsCore
package import Foundation

/// Demo-like data for the dashboard's tests, benchmark and `aiops serve --seed`: a small fleet and
/// incidents with charts, findings, actions and audit records. Deterministic for a given seed and time.
package struct SampleFleet: Sendable {
    package let now: Date
    package let instances: [Instance]
    private let seed: UInt64

    package init(now: Date, instanceCount: Int = 6, seed: UInt64 = 42) {
        self.now = now
        self.seed = seed
        let roles = ["web", "api", "worker", "db", "cache", "batch"]
        instances = (0..<max(1, instanceCount)).map { index in
            let role = roles[index % roles.count]
            let hex = String(0xa1b2_c3d4_0000 + index, radix: 16)
            return Instance(
                id: "i-0" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex,
                name: "\(role)-\(index / roles.count + 1)",
                tags: ["aiops:monitor": "true", "aiops:remediate": index % 2 == 0 ? "true" : "false", "role": role],
                state: .running)
        }
    }

    /// Writes `count` incidents and a snapshot per instance. The newest `withDetails` incidents come
    /// with their chart, anomalies, actions and audit records; the others are saved in batches through
    /// `saveMany` (by default one by one), so a large sample loads quickly into a durable store.
    package func seed<Store: IncidentStore>(
        into store: Store, incidents count: Int, withDetails: Int = 200,
        saveMany: (@Sendable ([Incident]) async throws -> Void)? = nil
    ) async throws {
        for (index, instance) in instances.enumerated() {
            try await store.saveSnapshot(snapshot(of: instance, index: index))
        }
        var batch: [Incident] = []
        for number in 0..<count {
            // Spread over the last days, newest first: number 0 is the newest.
            let sample = incident(number: number, openedAt: now.addingTimeInterval(-Double(number) * 437 - 120))
            if number < withDetails {
                try await write(sample, to: store)
            } else if let saveMany {
                batch.append(sample.incident)
                if batch.count == 1000 {
                    try await saveMany(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            } else {
                try await store.save(sample.incident)
            }
        }
        if let saveMany, !batch.isEmpty { try await saveMany(batch) }
    }

    /// One incident and all that goes with it.
    package struct Sample: Sendable {
        package var incident: Incident
        package var anomalies: [Anomaly]
        package var series: [ScoredPoint]
        package var actions: [RemediationAction]
        package var audit: [AuditRecord]
    }

    /// Stores a sample: incident, anomalies, chart, actions, audit.
    package func write(_ sample: Sample, to store: some IncidentStore) async throws {
        try await store.save(sample.incident)
        for anomaly in sample.anomalies { try await store.recordAnomaly(anomaly, incidentID: sample.incident.id) }
        try await store.appendSeries(sample.series, incidentID: sample.incident.id)
        for action in sample.actions { _ = try await store.claim(action) }
        for record in sample.audit { try await store.append(record) }
    }

    /// The `number`th sample incident, opened at `openedAt`; `summary` and `logLine` override the text.
    package func incident(
        number: Int, openedAt: Date, instance: Instance? = nil, summary: String? = nil, logLine: String? = nil
    ) -> Sample {
        var random = SplitMix(seed: seed &+ UInt64(truncatingIfNeeded: number))
        let instance = instance ?? instances[number % instances.count]
        let severity: Severity = [.critical, .warning, .warning, .info][Int(random.next() % 4)]
        let age = now.timeIntervalSince(openedAt)
        // The last hour's are open, the last day's partly acknowledged, older ones resolved.
        let status: IncidentStatus =
            age < 3600
            ? .open : age < 86_400 ? [.resolved, .resolved, .acknowledged][Int(random.next() % 3)] : .resolved
        let baseline = 20 + Double(random.next() % 30)
        let peak = min(97, baseline + 45 + Double(random.next() % 30))
        let id = StableID.make("inc", instance.id, ISO8601.string(from: openedAt), String(number))
        var series: [ScoredPoint] = []
        var anomalies: [Anomaly] = []
        for minute in -45...15 {
            let at = openedAt.addingTimeInterval(Double(minute) * 60)
            let wobble = Double(random.next() % 100) / 25 - 2
            let spiking = minute >= 0 && minute < 8
            let value = spiking ? peak - Double(minute) + wobble : baseline + wobble
            let band = (baseline - 8)...(baseline + 8)
            let score = spiking ? 0.7 + Double(random.next() % 25) / 100 : 0.3 + Double(random.next() % 15) / 100
            series.append(ScoredPoint(timestamp: at, value: value, score: score, expected: band, isAnomaly: spiking))
            if spiking {
                anomalies.append(
                    Anomaly(
                        instanceID: instance.id, metric: .cpuUtilization, timestamp: at, value: value, score: score,
                        threshold: 0.62, expected: band, drivingFeature: "deviation", detector: "isolation-forest"))
            }
        }
        let line =
            logLine ?? "ERROR [pool-\(number % 7)] java.lang.OutOfMemoryError: Java heap space (request \(number))"
        let findings = [
            Finding(
                templateID: "tpl-oom", template: "ERROR [pool-<*>] java.lang.OutOfMemoryError: Java heap space <*>",
                level: .error, count: 12 + number % 9, baselineRate: 0, novelty: .new,
                firstSeen: openedAt.addingTimeInterval(-30), examples: [line], rank: 0.93),
            Finding(
                templateID: "tpl-gc", template: "WARN GC overhead limit approaching: <*> ms pause", level: .warn,
                count: 40, baselineRate: 6.5, novelty: .surging, firstSeen: openedAt.addingTimeInterval(-600),
                examples: ["WARN GC overhead limit approaching: 1840 ms pause"], rank: 0.61),
        ]
        let incident = Incident(
            id: id, instanceID: instance.id, instanceName: instance.name, metric: .cpuUtilization, openedAt: openedAt,
            updatedAt: openedAt.addingTimeInterval(status == .open ? 0 : 900), status: status, severity: severity,
            summary: summary
                ?? "CPU at \(Int(peak))% on \(instance.name) (expected \(Int(baseline - 8))–\(Int(baseline + 8))%): "
                + "new OutOfMemoryError in the application log",
            anomaly: anomalies[0], peakScore: anomalies.map(\.score).max() ?? 0.9, anomalyCount: anomalies.count,
            findings: findings, resolvedAt: status == .resolved ? openedAt.addingTimeInterval(900) : nil)
        var actions: [RemediationAction] = []
        var audit = [
            AuditRecord(
                id: StableID.make("audit", id, "escalate"), at: openedAt.addingTimeInterval(5), actor: "escalation",
                action: severity == .critical ? "escalate" : "record", instanceID: instance.id, incidentID: id,
                outcome: severity == .critical ? "alerted" : "recorded",
                reason: severity == .critical ? "error-level log evidence is new" : "no critical evidence")
        ]
        if severity == .critical {
            let remediate = instance.tags["aiops:remediate"] == "true"
            actions.append(
                RemediationAction(
                    id: StableID.make("act", id, "reboot"), incidentID: id, instanceID: instance.id, kind: .reboot,
                    status: remediate ? .succeeded : .skipped, at: openedAt.addingTimeInterval(20),
                    reason: remediate ? "critical incident with new error evidence" : "instance did not opt in by tag",
                    idempotencyKey: "\(id):reboot", verifiedAt: remediate ? openedAt.addingTimeInterval(140) : nil))
            audit.append(
                AuditRecord(
                    id: StableID.make("audit", id, "reboot"), at: openedAt.addingTimeInterval(20), actor: "remediation",
                    action: remediate ? "reboot" : "skip", instanceID: instance.id, incidentID: id,
                    outcome: remediate ? "succeeded" : "skipped", reason: actions[0].reason))
        }
        return Sample(incident: incident, anomalies: anomalies, series: series, actions: actions, audit: audit)
    }

    private func snapshot(of instance: Instance, index: Int) -> InstanceSnapshot {
        var random = SplitMix(seed: seed &+ 1000 &+ UInt64(index))
        let base = 15 + Double(index * 7 % 40)
        let recent = (0..<60).map { minute in
            MetricPoint(
                timestamp: now.addingTimeInterval(Double(minute - 59) * 60),
                value: base + Double(random.next() % 80) / 10 + (index == 1 && minute > 50 ? 40 : 0))
        }
        let health: InstanceSnapshot.Health = index == 1 ? .critical : index == 3 ? .degraded : .healthy
        return InstanceSnapshot(
            instance: instance, health: health, lastScore: index == 1 ? 0.81 : 0.35 + Double(index) / 100,
            lastSeen: now, recent: recent)
    }
}

/// A small, fast, seedable random number generator (SplitMix64), for deterministic sample data.
struct SplitMix: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
