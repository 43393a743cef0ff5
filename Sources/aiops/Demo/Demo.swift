import AIOpsCore
import ArgumentParser
import Composition
import Foundation
import Logging
import Simulator

/// `aiops demo`: the whole chain on a simulated fleet, on accelerated time, with a scripted
/// scenario, narrated in the terminal.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the whole chain on a simulated fleet: detect, explain, alert, heal, verify.",
        discussion: """
            Trains a model per instance on simulated history, then runs the agent on accelerated time while a \
            scenario plays: a CPU runaway with an error burst on one instance, a benign traffic surge on \
            another, and a runaway on an instance without the remediation tag. Alerts go to an outbox folder \
            as the emails that would be sent. With a server (the default) it keeps serving until stopped.
            """)

    @Option(help: "Instances in the simulated fleet (at least 3; default 6, and 16 for --scenario fleet).")
    var instances: Int?

    @Option(
        help: ArgumentHelp(
            "The scenario: classic (a runaway, a surge, an instance without the remediation tag), fleet "
                + "(a bad release, a database failure, a zone, a flapping series, a maintenance window) or "
                + "runbooks (an error burst healed by a service restart, a full disk healed by freeing space).",
            valueName: "name"))
    var scenario = "classic"

    @Option(help: "The random seed: the same seed plays the same demo.")
    var seed: UInt64 = 42

    @Option(help: "Simulated seconds per real second.")
    var speed: Double = 300

    @Option(
        help: ArgumentHelp(
            "Simulated time to run, e.g. 2h, 90m, 1h30m (default: until stopped; with --no-server 2h, 9h for the fleet scenario).",
            valueName: "duration"))
    var duration: String?

    @Flag(help: "Run without the dashboard server and exit after --duration.")
    var noServer = false

    @Option(help: "The dashboard's address.")
    var host = "127.0.0.1"

    @Option(help: "The dashboard's port (0 picks a free one).")
    var port = 8080

    @Option(help: "The bearer token the dashboard's API requires (default: $AIOPS_API_TOKEN).")
    var apiToken: String?

    @Option(help: ArgumentHelp("Write the outcome as JSON to this file.", valueName: "file.json"))
    var report: String?

    @Option(
        help: ArgumentHelp(
            "Where the store and the outbox go, kept after the demo (default: a temporary folder, removed at the end).",
            valueName: "dir"))
    var dataDir: String?

    @Option(help: "Days of simulated history each detector learns from before the demo starts.")
    var trainingDays: Double = 3

    @Option(help: "The detector (see 'aiops evaluate --help' for the names).")
    var detector = "default"

    @Flag(help: "Record what remediation would do without doing it.")
    var dryRun = false

    @Flag(help: "Log every stage (to standard error).")
    var verbose = false

    /// How often the dashboard looks at the store for incidents other processes write (the demo's
    /// own pipeline publishes its incidents at once); a test sets it high to prove that.
    @Option(help: .hidden)
    var pollSeconds: Double = 2

    func validate() throws {
        guard let scenario = DemoScenario(rawValue: scenario) else {
            throw ValidationError(
                "unknown scenario '\(self.scenario)': use one of "
                    + DemoScenario.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard instanceCount >= 3 else {
            throw ValidationError("--instances must be at least 3 (the scenario uses three).")
        }
        guard scenario != .fleet || instanceCount >= 12 else {
            throw ValidationError("--scenario fleet needs at least 12 instances (every role, two workers per zone).")
        }
        guard speed > 0, speed.isFinite else { throw ValidationError("--speed must be a positive number.") }
        guard pollSeconds > 0, pollSeconds <= 86_400 else {
            throw ValidationError("--poll-seconds must be from 0 to 86400.")
        }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard trainingDays >= 0.25, trainingDays <= 14 else {
            throw ValidationError("--training-days must be between 0.25 and 14.")
        }
        if let duration { _ = try Self.parseDuration(duration) }
    }

    func run() async throws {
        if let report { try FileAccess.checkWritableFile(report, "the report") }
        // Unbuffered, so progress shows at once when the output is piped or read by a test.
        let say: @Sendable (String) -> Void = { line in FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
        let folder = try DemoFolder.prepare(dataDir: dataDir, seed: seed, say: say)
        let directory = folder.url
        let playTime = scenario == DemoScenario.fleet.rawValue ? FleetScenario.duration : 2 * 3600
        let runFor = try duration.map(Self.parseDuration) ?? (noServer ? playTime : nil)
        let token = apiToken ?? ProcessInfo.processInfo.environment["AIOPS_API_TOKEN"]
        let options = DemoOptions(
            instances: instanceCount, seed: seed, speed: speed, duration: runFor, trainingDays: trainingDays,
            detector: detector,
            serve: !noServer, host: host, port: port, pollSeconds: pollSeconds, dryRun: dryRun,
            dataDirectory: directory, scenario: DemoScenario(rawValue: scenario) ?? .classic, token: token)
        // A dashboard that cannot start (a busy port, a public address without a token) ends the
        // demo now, with the fix, not when simulated time is up.
        if options.serve {
            do { try DemoDashboard.check(options) } catch { throw ValidationError("\(error)") }
            DemoDashboard.startMetrics()
        }

        let logger = LogSetup.current.logger(
            label: "aiops.demo", level: verbose ? .info : .error, stream: .standardError)
        let store = try DemoStore.open(in: directory)
        say("aiops demo: seed \(seed), \(instanceCount) instances, \(Int(speed))× speed; data in \(folder.description)")
        let channels = try await DemoChannels.notifier(options, store: store, logger: logger)
        let session = try await DemoSession.prepare(
            options, store: store, channels: channels, logger: logger, say: say)
        say("scenario: \(session.story); alert emails go to \(session.outbox.path)")
        let names = Dictionary(uniqueKeysWithValues: session.fleet.instances().map { ($0.id, $0.name) })
        let narrator = DemoNarrator(names: names, print: say)

        let ending: DemoEnding
        do {
            ending = try await Self.race(session, options: options, narrator: narrator, report: report, say: say)
        } catch {
            try? DemoStore.close(store)
            folder.removeIfTemporary()
            throw error
        }
        // Closing checkpoints the SQLite file, so the file alone is whole.
        try DemoStore.close(store)
        folder.removeIfTemporary()
        if case .signalled(let name) = ending { say("stopped by \(name); the store is closed") }
    }

    /// Plays the demo beside its dashboard until the first of: the play ends without a server, the
    /// dashboard fails (its error ends the demo at once), or SIGINT/SIGTERM (a clean stop).
    private static func race(
        _ session: DemoSession, options: DemoOptions, narrator: DemoNarrator, report: String?,
        say: @escaping @Sendable (String) -> Void
    ) async throws -> DemoEnding {
        try await withThrowingTaskGroup(of: DemoEnding?.self) { group in
            group.addTask { await ShutdownSignal.next().map(DemoEnding.signalled) }
            if options.serve {
                group.addTask {
                    do {
                        try await DemoDashboard.serve(session, say: say)
                    } catch {
                        throw DashboardStartFailure.explain(error, host: options.host, port: options.port)
                    }
                    return .served
                }
            }
            group.addTask {
                let end = options.duration.map { session.start.addingTimeInterval($0) }
                try await session.play(until: end ?? .distantFuture, narrator: narrator)
                if let report {
                    let written = try await DemoReport.collect(
                        seed: options.seed, start: session.start, end: session.clock.now(), fleet: session.fleet,
                        store: session.store, scenario: session.fleetScenario)
                    try written.write(to: URL(fileURLWithPath: report))
                    say("report written to \(report)")
                }
                guard options.serve else {
                    say("done")
                    return .played
                }
                say("simulated time is up; the dashboard keeps serving until you stop it (Ctrl-C)")
                return nil
            }
            while let next = try await group.next() {
                guard let ending = next else { continue }
                group.cancelAll()
                return ending
            }
            return .played
        }
    }

    /// The fleet's size: as asked, or the scenario's default.
    private var instanceCount: Int { instances ?? (scenario == DemoScenario.fleet.rawValue ? 16 : 6) }

    /// `2h`, `90m`, `45s`, `1h30m` or plain seconds.
    static func parseDuration(_ text: String) throws -> TimeInterval {
        guard let seconds = DurationText.seconds(text) else {
            throw ValidationError("'\(text)' is not a duration: write e.g. 2h, 90m, 1h30m or 3600.")
        }
        return seconds
    }
}
