import AIOpsCore
import ArgumentParser
import Foundation
import Simulator

/// `aiops export-simulation`: writes a simulated fleet's history in the layout `aiops backtest`
/// reads — metrics, logs and the faults that were played — to try a backtest without AWS (and to
/// make its test fixture).
struct ExportSimulation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-simulation",
        abstract: "Write a simulated fleet's metrics, logs and fault labels in the layout 'aiops backtest' reads.",
        discussion: """
            Plays a fixed scenario on a fleet of --instances instances over --hours hours: a CPU runaway on the \
            first instance at 80% of the span (30 min), a crash loop on the second at 87% (20 min), an error \
            burst on the third at 94% (5 min); the first three quarters are clean history. Writes \
            <out>/metrics/<instance-id>/<Metric>.csv, <out>/logs/<instance-id>.log and <out>/labels.json. \
            The same seed always writes the same files.
            """)

    @Option(help: ArgumentHelp("Where to write (created if missing).", valueName: "dir"))
    var out: String

    @Option(parsing: .unconditional, help: "Instances in the fleet (at least 3: the scenario plays on three).")
    var instances = 3

    @Option(parsing: .unconditional, help: "Hours of history.")
    var hours: Double = 32

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds between datapoints.", valueName: "s"))
    var period = 300

    @Option(
        parsing: .unconditional,
        help: "Log lines per minute per instance at normal load (the simulator's default is 4).")
    var logLines: Double = 0.2

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Write log lines from this hour on (a backtest reads logs only around its anomalies: the warm-up needs none).",
            valueName: "h"))
    var logsFromHour: Double = 0

    @Option(parsing: .unconditional, help: "The fleet's random seed.")
    var seed: UInt64 = 7

    /// A Monday, midnight UTC: fixed, so a seed replays exactly.
    static let epoch = Date(timeIntervalSince1970: 1_772_409_600)

    func validate() throws {
        guard instances >= 3 else { throw ValidationError("--instances must be at least 3.") }
        guard hours >= 4, hours <= 24 * 31 else { throw ValidationError("--hours must be between 4 and 744.") }
        guard period >= 60, period % 60 == 0 else { throw ValidationError("--period must be a multiple of 60 s.") }
        guard logLines >= 0 else { throw ValidationError("--log-lines must be ≥ 0.") }
        guard logsFromHour >= 0, logsFromHour < hours else {
            throw ValidationError("--logs-from-hour must lie between 0 and --hours.")
        }
    }

    func run() async throws {
        try FileAccess.checkWritableFolder(out, "the output folder")
        let start = Self.epoch
        let end = start.addingTimeInterval(hours * 3600)
        let clock = VirtualClock(start: start)
        let fleet = try SimulatedFleet(
            configuration: FleetConfiguration(
                seed: seed, instanceCount: instances, logLinesPerMinute: logLines, backgroundNoise: 0.3),
            clock: clock)
        let members = fleet.instances()
        func at(_ share: Double) -> Date { start.addingTimeInterval(share * hours * 3600) }
        try fleet.inject(.cpuRunaway, instanceID: members[0].id, at: at(0.80), duration: 30 * 60)
        try fleet.inject(.crashLoop, instanceID: members[1].id, at: at(0.87), duration: 20 * 60)
        try fleet.inject(.errorBurst, instanceID: members[2].id, at: at(0.94), duration: 5 * 60)
        clock.advance(to: end)

        let root = URL(fileURLWithPath: out)
        let metrics: [MetricName] = [.cpuUtilization, .statusCheckFailed]
        let series = try await fleet.fetch(
            MetricQuery(instanceIDs: members.map(\.id), metrics: metrics, start: start, end: end, period: period))
        for one in series {
            var text = "timestamp,value\n"
            for point in one.points { text += "\(ISO8601.string(from: point.timestamp)),\(point.value)\n" }
            try write(text, to: root.appendingPathComponent("metrics/\(one.instanceID)/\(one.metric.rawValue).csv"))
        }
        var lines = 0
        for member in members {
            let events = try await fleet.events(
                instanceID: member.id, from: start.addingTimeInterval(logsFromHour * 3600), to: end)
            lines += events.count
            let text = events.map { "\(ISO8601.string(from: $0.timestamp)) \($0.message)\n" }.joined()
            try write(text, to: root.appendingPathComponent("logs/\(member.id).log"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        try write(
            String(decoding: try encoder.encode(fleet.faultHistory()), as: UTF8.self) + "\n",
            to: root.appendingPathComponent("labels.json"))
        print(
            "wrote \(members.count) instances × \(metrics.count) metrics at \(period) s, "
                + "\(TerminalText.count(lines, "log line")) and "
                + "\(TerminalText.count(fleet.faultHistory().count, "fault")) under \(root.path)")
    }

    private func write(_ text: String, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw CLIError("cannot write '\(url.path)': \(FileAccess.describe(error, path: url.path, writing: true))")
        }
    }
}
