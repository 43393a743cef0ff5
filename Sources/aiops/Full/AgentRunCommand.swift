import AIOpsCore
import AWSAdapters
import AWSClient
import AdapterComposition
import ArgumentParser
import Dashboard
import DemoComposition
import Detection
import Foundation
import Logging
import Notifications
import Remediation
import SQLiteStore
import ServiceLifecycle

/// `aiops run --aws`: the agent loop against AWS (a cycle every `--interval`) and the dashboard
/// over the DynamoDB store, in one process, until SIGINT or SIGTERM.
struct AgentRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the agent loop against AWS every interval, with the dashboard over its store.",
        discussion: """
            Reads the AWS settings (AWS_REGION, AWS_ENDPOINT_URL, credentials) and the AIOPS_* variables, as \
            `aiops detect --once` does; run `aiops aws-setup` first. Prints each cycle's figures as one JSON \
            line on stdout. Incidents go to DynamoDB, or with --store sqlite:FILE to one SQLite file (no table \
            needed; `aiops serve --db FILE` serves it from another process). SIGINT or SIGTERM stops it cleanly: the server drains, the cycle in flight is \
            abandoned (its window is processed again by the next run, and nothing is done twice).
            """)

    @Flag(help: "Run against AWS (EC2, CloudWatch, CloudWatch Logs, DynamoDB, SNS).")
    var aws = false

    @Option(help: ArgumentHelp("Time between cycles: 300, 90s, 5m or 1h.", valueName: "duration"))
    var interval = "5m"

    @Option(help: "The address the dashboard listens on.")
    var host = "127.0.0.1"

    @Option(help: "The dashboard's port (0 picks a free one).")
    var port = 8080

    @Option(help: "The bearer token the API requires (default: $AIOPS_API_TOKEN).")
    var apiToken: String?

    @Option(help: ArgumentHelp("A file of AIOPS_*=value lines; the environment wins over it.", valueName: "file"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Where incidents go: dynamodb (the table AIOPS_TABLE names) or sqlite:FILE (one machine, no table; "
                + "`aiops serve --db FILE` can serve it beside the agent).",
            valueName: "dynamodb|sqlite:FILE"))
    var store = "dynamodb"

    @Option(
        help: ArgumentHelp(
            "The detector for series without a model file (\(DetectorCatalog.names.joined(separator: ", "))).",
            valueName: "name"))
    var detector = DetectorCatalog.defaultName

    func validate() throws {
        guard aws else {
            throw ValidationError("run needs --aws (the agent on a simulated fleet is `aiops demo`)")
        }
        _ = try Self.seconds(interval)
        _ = try Self.sqlitePath(store)
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func run() async throws {
        PrometheusExposition.bootstrap()
        let logger = Logger(label: "aiops")
        let assembly = try AWSAgentCommandSupport.assembly(config: config, logger: logger)
        guard let path = try Self.sqlitePath(store) else {
            return try await run(assembly, store: assembly.store)
        }
        let sqlite = try SQLiteIncidentStore(path: path)
        do {
            try await run(assembly, store: sqlite)
        } catch {
            try? sqlite.close()
            throw error
        }
        // Checkpointed and closed: the file alone is whole.
        try sqlite.close()
    }

    private func run(_ assembly: AWSAgentAssembly, store: some IncidentStore) async throws {
        var configuration = assembly.agentConfiguration()
        configuration.cycleInterval = try Self.seconds(interval)
        let pipeline = try await assembly.embeddedPipeline(
            detectors: try assembly.detectorProvider(fallback: detector), configuration: configuration, store: store)
        var dependencies = try DashboardAssembly.dependencies(
            store: store, token: apiToken ?? ProcessInfo.processInfo.environment["AIOPS_API_TOKEN"])
        dependencies.notifier = try await assembly.channelNotifier(store: store)
        // Approvals are answered here, by the loop's own remediation engine.
        dependencies.approvals = pipeline.remediation.engine
        dependencies.slackSigningSecret = try await assembly.slackSigningSecret()
        // The answered message is updated through Slack's response_url (https on hooks.slack.com only).
        dependencies.slackResponder = SlackResponder(post: SlackChannel.responsePoster())
        dependencies.slackApprovers = try assembly.slackApprovers()
        dependencies.runbooks = configuration.remediation.runbooks
        dependencies.runbookMode = configuration.remediation.modeOverride
        let server = DashboardConfiguration(host: host, port: port) { url in
            // Unbuffered, so a script or test reading the output learns the address at once.
            FileHandle.standardOutput.write(Data("dashboard: \(url)\n".utf8))
        }
        let agent = AgentService(agent: pipeline.agent) { figures in
            if let line = try? AWSAgentCommandSupport.json(figures, pretty: false) {
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        }
        do {
            let app = try buildApplication(dependencies, configuration: server)
            // On SIGINT/SIGTERM the server drains first, then the agent loop stops.
            try await AgentService.group(agent, beside: app, logger: Logger(label: "aiops")).run()
        } catch {
            throw DashboardStartFailure.explain(error, host: host, port: port)
        }
    }

    /// The SQLite file of `sqlite:FILE`; nil for `dynamodb`.
    static func sqlitePath(_ store: String) throws -> String? {
        if store == "dynamodb" { return nil }
        guard store.hasPrefix("sqlite:"), store.count > "sqlite:".count else {
            throw ValidationError(
                "--store must be dynamodb or sqlite:FILE (sqlite:/var/lib/aiops/aiops.sqlite, say), not '\(store)'")
        }
        return String(store.dropFirst("sqlite:".count))
    }

    /// `300`, `90s`, `5m`, `1h` as seconds (at least one), read by the one duration reader.
    static func seconds(_ text: String) throws -> TimeInterval {
        guard let seconds = DurationText.seconds(text), seconds >= 1 else {
            throw ValidationError(
                "--interval must be a duration such as 300, 90s, 5m or 1h (at least 1s), not '\(text)'")
        }
        return seconds
    }
}
