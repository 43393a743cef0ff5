import AIOpsCore
import ArgumentParser
import Foundation
import Simulator

/// How fast the simulated fleet generates history and logs: training reads 14 days of points,
/// root-cause analysis reads twenty minutes of lines around each anomaly.
struct SimulatorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulator", abstract: "Metric and log generation speed of the simulated fleet.")

    @Option(help: "Repetitions of each measurement (the best is reported).")
    var repetitions = 5

    @Option(help: "Instances in the fleet.")
    var instances = 10

    func run() async throws {
        let start = Date(timeIntervalSince1970: 1_795_564_800)
        let clock = VirtualClock(start: start)
        let fleet = try SimulatedFleet(
            configuration: FleetConfiguration(seed: 1, instanceCount: instances), clock: clock)
        let ids = fleet.members.map(\.id)
        let fourteenDays = start.addingTimeInterval(-14 * 86_400)

        let cpu = MetricQuery(
            instanceIDs: [ids[0]], metrics: [.cpuUtilization], start: fourteenDays, end: start, period: 300)
        let (cpuTime, cpuPoints) = try await best {
            try await fleet.fetch(cpu).reduce(0) { $0 + $1.points.count }
        }
        report("14 days of CPUUtilization at 5 min, 1 instance", cpuTime, cpuPoints, "points")

        let metrics: [MetricName] = [.cpuUtilization, .memoryUtilization, .networkIn, .networkOut, .statusCheckFailed]
        let all = MetricQuery(instanceIDs: ids, metrics: metrics, start: fourteenDays, end: start, period: 300)
        let (allTime, allPoints) = try await best { try await fleet.fetch(all).reduce(0) { $0 + $1.points.count } }
        report("14 days of 5 metrics at 5 min, \(ids.count) instances", allTime, allPoints, "points")

        let windowStart = start.addingTimeInterval(-30 * 60)
        let (logTime, lines) = try await best {
            var count = 0
            for id in ids {
                count += try await fleet.events(
                    instanceID: id, from: windowStart, to: windowStart.addingTimeInterval(1200)
                ).count
            }
            return count
        }
        report("20 minutes of logs, \(ids.count) instances", logTime, lines, "lines")

        try fleet.inject(.errorBurst, instanceID: ids[0], at: windowStart)
        let (burstTime, burstLines) = try await best {
            try await fleet.events(instanceID: ids[0], from: windowStart, to: windowStart.addingTimeInterval(1200))
                .count
        }
        report("20 minutes of logs during an error burst, 1 instance", burstTime, burstLines, "lines")
    }

    /// The fastest of `repetitions` runs, in seconds, and what the run counted.
    private func best(_ body: () async throws -> Int) async throws -> (Double, Int) {
        var fastest = Double.infinity
        var count = 0
        for _ in 0..<max(1, repetitions) {
            let began = ContinuousClock.now
            count = try await body()
            let elapsed = ContinuousClock.now - began
            fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return (fastest, count)
    }

    private func report(_ what: String, _ seconds: Double, _ count: Int, _ unit: String) {
        let rate = Double(count) / seconds
        print(
            "\(what): \(count) \(unit) in \(String(format: "%.2f", seconds * 1000)) ms (\(String(format: "%.0f", rate)) \(unit)/s)"
        )
    }
}
