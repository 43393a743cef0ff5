public import AIOpsCore

/// Upkeep beside `IncidentJanitor`: after each detection cycle, saves every watched instance's
/// snapshot for the dashboard's fleet view. Its health comes from the open and acknowledged
/// incidents (read back whole, which is why this is not part of scoring) and this cycle's
/// anomalies; its sparkline from the recent points detection scored.
public struct HealthSnapshots: Sendable {
    let store: any IncidentStore
    let sparklinePoints: Int

    public init(store: any IncidentStore, sparklinePoints: Int) {
        self.store = store
        self.sparklinePoints = sparklinePoints
    }

    /// Saves one snapshot per instance. `recent`: the primary metric's scored points per
    /// instance, oldest first; `anomalous`: the instances with an anomaly this cycle.
    public func save(_ instances: [Instance], recent: [String: [ScoredPoint]], anomalous: Set<String>)
        async throws
    {
        let severities = try await openSeverities()
        var snapshots: [InstanceSnapshot] = []
        for instance in instances {
            let recent = recent[instance.id] ?? []
            let health: InstanceSnapshot.Health =
                if severities[instance.id] == .critical {
                    .critical
                } else if severities[instance.id] != nil || anomalous.contains(instance.id) {
                    .degraded
                } else if recent.isEmpty {
                    .unknown
                } else {
                    .healthy
                }
            snapshots.append(
                InstanceSnapshot(
                    instance: instance, health: health, lastScore: recent.last?.score,
                    lastSeen: recent.last?.timestamp,
                    recent: recent.suffix(sparklinePoints).map {
                        MetricPoint(timestamp: $0.timestamp, value: $0.value)
                    }))
        }
        try await store.saveSnapshots(snapshots)
    }

    /// The highest severity among each instance's open and acknowledged incidents.
    private func openSeverities() async throws -> [String: Severity] {
        var severities: [String: Severity] = [:]
        for status in [IncidentStatus.open, .acknowledged] {
            for incident in try await store.allIncidents(matching: IncidentFilter(status: status)) {
                severities[incident.instanceID] = max(severities[incident.instanceID] ?? .info, incident.severity)
            }
        }
        return severities
    }
}
