public import AIOpsCore
import AWSClient
public import Dashboard
import Foundation
public import Logging
import SQLiteStore
import Simulator

/// The dashboard over a store the agent fills, as `aiops serve` and `aiops run --aws` serve it:
/// what the agent last saw of each instance is the metric source, the static files are found
/// beside the executable unless a folder is named. (The demo's dashboard, over its simulated
/// fleet, is `DemoDashboard`.)
public enum DashboardAssembly {
    /// The router's dependencies over `store`.
    /// - Parameters:
    ///   - token: the bearer token the API requires; nil or empty lets every request through (loopback only).
    ///   - resources: the folder of the dashboard's static files; nil finds the installed ones.
    public static func dependencies<Store: IncidentStore>(
        store: Store, token: String?, resources: String? = nil, logger: Logger = Logger(label: "aiops.dashboard")
    ) throws -> DashboardDependencies<Store, SnapshotMetricSource<Store>> {
        var dependencies = DashboardDependencies(
            store: store, metrics: SnapshotMetricSource(store: store), token: token,
            resources: try DashboardResources.locate(resources.map { URL(fileURLWithPath: $0) }), logger: logger)
        // The process's own metrics and AWS errors (docs/observability.md).
        dependencies.metricsText = PrometheusExposition.render
        dependencies.awsErrorsLastHour = AWSCallHistory.lastHour
        return dependencies
    }

    /// `aiops serve`: the SQLite store file at `path` (one that `aiops run --aws --store sqlite:FILE`
    /// or the demo writes; nil, a store in memory), with `sample` sample incidents added first,
    /// served until SIGINT or SIGTERM.
    /// - Parameter startFailure: turns what stopped the server from starting or running (a port in
    ///   use, a refused configuration) into the error to throw; errors opening the store or finding
    ///   the static files are thrown as they are.
    public static func serve(
        path: String?, sample: Int?, token: String?, resources: String?, configuration: DashboardConfiguration,
        startFailure: (any Error) -> any Error
    ) async throws {
        PrometheusExposition.bootstrap()
        guard let path else {
            let store = InMemoryIncidentStore()
            if let sample { try await SampleFleet(now: Date()).seed(into: store, incidents: sample) }
            return try await serve(
                dependencies(store: store, token: token, resources: resources), configuration, startFailure)
        }
        let store = try SQLiteIncidentStore(path: path)
        if let sample {
            try await SampleFleet(now: Date()).seed(into: store, incidents: sample) {
                try await store.save(contentsOf: $0)
            }
        }
        try await serve(dependencies(store: store, token: token, resources: resources), configuration, startFailure)
    }

    private static func serve<Store: IncidentStore, Metrics: MetricSource>(
        _ dependencies: DashboardDependencies<Store, Metrics>, _ configuration: DashboardConfiguration,
        _ startFailure: (any Error) -> any Error
    ) async throws {
        do {
            let app = try buildApplication(dependencies, configuration: configuration)
            try await app.runService()
        } catch {
            throw startFailure(error)
        }
    }
}
