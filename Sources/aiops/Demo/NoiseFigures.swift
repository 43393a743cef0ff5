import AIOpsCore
import Foundation
import Simulator

/// The fleet scenario's closing figures (issue #15): per injected fault, the anomalies, incidents
/// and pages it caused; the compression of anomalous episodes into pages; the flapping series'
/// notifications per hour; and what happened inside the maintenance window.
struct NoiseFigures: Encodable {
    struct Fault: Encodable {
        var name: String
        var instances: Int
        var anomalies: Int
        /// Anomalous (instance, metric) episodes: runs of anomalies with no gap over 30 minutes.
        var episodes: Int
        var incidents: Int
        var pages: Int
    }
    struct Maintenance: Encodable {
        var anomalies: Int
        var pages: Int
        var actions: Int
    }

    var faults: [Fault]
    /// 1 − pages / anomalous episodes, over every fault but the maintenance window's.
    var compression: Double
    var flappingNotificationsPerHour: Double
    var maintenance: Maintenance

    enum CodingKeys: String, CodingKey {
        case faults, compression, maintenance
        case flappingNotificationsPerHour = "flapping_notifications_per_hour"
    }

    /// An episode ends when its series has been quiet this long (the janitor's auto-resolve).
    static let episodeGap: TimeInterval = 30 * 60
    /// Anomalies this long after a fault ended still count as its own (a detector's tail).
    static let tail: TimeInterval = 10 * 60

    static func measure(
        _ scenario: FleetScenario, incidents: [Incident], notifications: [DemoReport.Notification],
        fleet: SimulatedFleet, store: any IncidentStore
    ) async throws -> NoiseFigures {
        var anomalies: [(incident: String, anomaly: Anomaly)] = []
        for incident in incidents {
            anomalies += try await store.anomalies(incidentID: incident.id).map { (incident.id, $0) }
        }
        var faults: [Fault] = []
        var maintenance = Maintenance(anomalies: 0, pages: 0, actions: 0)
        for episode in scenario.episodes {
            let ids = Set(episode.instanceIDs)
            let mine = anomalies.filter {
                ids.contains($0.anomaly.instanceID) && $0.anomaly.timestamp >= episode.start
                    && $0.anomaly.timestamp <= episode.end.addingTimeInterval(tail)
            }
            let incidentIDs = Set(mine.map(\.incident))
            let pages = notifications.filter {
                incidentIDs.contains($0.incidentID) && $0.at >= episode.start
                    && $0.at <= episode.end.addingTimeInterval(tail)
            }.count
            if episode.name == "maintenance" {
                let window = scenario.maintenance.first { ids.contains($0.instanceID) }
                let acted = fleet.controllerCalls().filter { call in
                    ids.contains(call.instanceID) && window.map { call.at >= $0.start && call.at < $0.end } ?? false
                }
                maintenance = Maintenance(anomalies: mine.count, pages: pages, actions: acted.count)
            }
            faults.append(
                Fault(
                    name: episode.name, instances: ids.count, anomalies: mine.count,
                    episodes: episodeCount(mine.map(\.anomaly)), incidents: incidentIDs.count, pages: pages))
        }
        let counted = faults.filter { $0.name != "maintenance" }
        let episodes = counted.map(\.episodes).reduce(0, +)
        let pages = counted.map(\.pages).reduce(0, +)
        let flapping = scenario.episodes.first { $0.name == "flapping" }
        let flappingPages = faults.first { $0.name == "flapping" }?.pages ?? 0
        let hours = flapping.map { max($0.end.timeIntervalSince($0.start), 3600) / 3600 } ?? 1
        return NoiseFigures(
            faults: faults, compression: episodes == 0 ? 0 : 1 - Double(pages) / Double(episodes),
            flappingNotificationsPerHour: Double(flappingPages) / hours, maintenance: maintenance)
    }

    /// Runs of anomalies per (instance, metric) with no gap longer than `episodeGap`.
    static func episodeCount(_ anomalies: [Anomaly]) -> Int {
        let bySeries = Dictionary(grouping: anomalies) { "\($0.instanceID)/\($0.metric.rawValue)" }
        return bySeries.values.map { series in
            let times = series.map(\.timestamp).sorted()
            return 1 + zip(times, times.dropFirst()).filter { $1.timeIntervalSince($0) > episodeGap }.count
        }.reduce(0, +)
    }
}
