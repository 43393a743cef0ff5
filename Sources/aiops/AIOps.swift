import ArgumentParser

/// The `aiops` command line: the entry point wires adapters to stages and does nothing else.
@main
struct AIOps: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiops",
        abstract: "An AIOps agent for AWS: detects anomalies in EC2 metrics, finds root causes in logs, heals safely.",
        version: "0.1.0",
        subcommands: domainCommands + adapterCommands
    )
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
