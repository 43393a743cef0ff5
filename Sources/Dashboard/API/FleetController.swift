import AIOpsCore
import Foundation
import Hummingbird

/// `/api/v1/instances`: the fleet as the agent last saw it, and one instance's metric over time.
struct FleetController<Store: IncidentStore, Metrics: MetricSource>: Sendable {
    let store: Store
    let metrics: Metrics
    let clock: any AgentClock

    /// The longest window `GET /instances/{id}/metrics` answers (CloudWatch keeps minute data this long).
    static var maxWindow: TimeInterval { 15 * 86_400 }
    /// Most datapoints in one answer; the period grows to stay under it.
    static var maxPoints: Int { 1440 }

    func addRoutes(to group: RouterGroup<DashboardRequestContext>) {
        group.get("instances", use: instances)
        group.get("instances/:id/metrics", use: metricSeries)
    }

    @Sendable func instances(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let snapshots = try await store.snapshots()
        let open = try await openIncidentsByInstance()
        // Only the instances feedback adjusted have a record to read: a few, whatever the fleet's size.
        var adjusted: [String: [ThresholdAdjustment]] = [:]
        for id in try await ThresholdAdjustment.adjustedInstances(in: store) {
            adjusted[id] = try await ThresholdAdjustment.published(instanceID: id, in: store)
        }
        return JSONBody.response(
            API.List(
                items: snapshots.map {
                    API.Instance(
                        $0, openIncidents: open[$0.instance.id, default: 0],
                        thresholdAdjustments: adjusted[$0.instance.id] ?? [])
                }))
    }

    @Sendable func metricSeries(_ request: Request, context: DashboardRequestContext) async throws -> Response {
        let id = try request.pathParameter("id", context: context)
        let query = QueryParameters(request)
        let metric = MetricName(try query.string("metric", maxLength: 255) ?? MetricName.cpuUtilization.rawValue)
        let window = try query.window()
        guard try await store.snapshots().contains(where: { $0.instance.id == id }) else {
            throw APIError.notFound("instance", id)
        }
        let end = window.to ?? max(clock.now(), window.from ?? .distantPast)
        let start = window.from ?? end.addingTimeInterval(-3 * 3600)
        guard end.timeIntervalSince(start) <= Self.maxWindow else {
            throw APIError.badParameter("from", "the window is longer than 15 days; ask for a shorter one")
        }
        let period = Self.period(for: end.timeIntervalSince(start))
        let found: [MetricSeries]
        do {
            found = try await metrics.fetch(
                MetricQuery(instanceIDs: [id], metrics: [metric], start: start, end: end, period: period))
        } catch let error as AIOpsError where error.code == .invalidInput {
            throw APIError.badParameter("metric", error.message)
        } catch {
            context.logger.warning("the metric source failed", metadata: ["error": "\(error)"])
            throw APIError(
                .serviceUnavailable, code: "unavailable", "the metric source did not answer; try again shortly")
        }
        let points = found.filter { $0.instanceID == id && $0.metric == metric }.flatMap(\.points)
            .filter { $0.timestamp >= start && $0.timestamp <= end }
            .sorted { $0.timestamp < $1.timestamp }
        return JSONBody.response(
            API.Metrics(
                instanceId: id, metric: metric.rawValue, from: start, to: end, period: period,
                points: points.compactMap(API.Point.init)))
    }

    /// A minute, or more so the window holds at most `maxPoints` datapoints; whole minutes.
    static func period(for window: TimeInterval) -> Int {
        let minutes = Int((window / Double(maxPoints) / 60).rounded(.up))
        return max(1, minutes) * 60
    }

    /// Counts the incidents not resolved, per instance.
    private func openIncidentsByInstance() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for status in [IncidentStatus.open, .acknowledged] {
            var cursor: String?
            // Bounded: a fleet with more than 20,000 unresolved incidents shows a lower count.
            for _ in 0..<40 {
                let page = try await store.incidents(
                    matching: IncidentFilter(status: status), limit: 500, cursor: cursor)
                for incident in page.items { counts[incident.instanceID, default: 0] += 1 }
                guard let next = page.nextCursor else { break }
                cursor = next
            }
        }
        return counts
    }
}
