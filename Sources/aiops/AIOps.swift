import AIOpsCore
import ArgumentParser
import Composition
import Foundation

/// The `aiops` command line: the entry point wires adapters to stages and does nothing else.
@main
struct AIOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiops",
        abstract: "An AIOps agent for AWS: detects anomalies in EC2 metrics, finds root causes in logs, heals safely.",
        version: BuildInfo.version,
        subcommands: domainCommands + adapterCommands
    )

    /// ArgumentParser's own loop, but every error is said in a sentence and made safe to print:
    /// Foundation's raw file errors are rewritten and input echoed back cannot drive the terminal.
    static func main() async {
        do {
            // AIOPS_LOG_FORMAT and AIOPS_LOG_LEVEL, for every command's logs (on standard error,
            // swift-log's default: standard output is what a command prints, such as the JSON
            // summary of `detect --once`).
            try LogSetup.from(ProcessInfo.processInfo.environment, stream: .standardError).bootstrap()
            var command = try parseAsRoot()
            if let asyncCommand = command as? any AsyncParsableCommand {
                // Traces only when the OTEL_* variables ask for them (docs/observability.md).
                try await ProcessTracing.run(asyncCommand)
            } else {
                try command.run()
            }
        } catch {
            let error = FileAccess.rewrite(error)
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            FileHandle.standardError.write(Data((TerminalText.safe(fullMessage(for: error)) + "\n").utf8))
            Foundation.exit(code.rawValue)
        }
    }
}

extension AIOps {
    /// Commands that need only the domain modules and the simulator.
    static let domainCommands: [any ParsableCommand.Type] = [
        Version.self,
        Train.self,
        Score.self,
        MineLogs.self,
        Evaluate.self,
        BacktestCommand.self,
        ExportSimulation.self,
    ]
}

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the version of aiops.")
    func run() { print(AIOps.configuration.version) }
}
