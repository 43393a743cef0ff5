public import AIOpsCore
import Foundation

/// A `MetricSource` that answers from what the agent stored: each instance's recent points of its
/// primary metric (its snapshot). For `aiops serve` over a store written by another process, which
/// has no live metric source of its own.
public struct SnapshotMetricSource<Store: IncidentStore>: MetricSource {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func fetch(_ query: MetricQuery) async throws -> [MetricSeries] {
        let snapshots = try await store.snapshots()
        let wanted = Set(query.instanceIDs)
        return snapshots.filter { wanted.contains($0.instance.id) }.flatMap { snapshot in
            query.metrics.map { metric in
                // A snapshot keeps one metric, the primary one; others have no stored points.
                let points = metric == .cpuUtilization ? snapshot.recent : []
                return MetricSeries(
                    instanceID: snapshot.instance.id, metric: metric,
                    points: points.filter { $0.timestamp >= query.start && $0.timestamp <= query.end })
            }
        }
    }
}
