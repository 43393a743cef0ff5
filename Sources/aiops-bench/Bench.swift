import ArgumentParser

/// Benchmarks, run in release mode: `swift run -c release aiops-bench <name>`. They print figures
/// (throughput, ratios against a reference in the same run); they assert nothing.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aiops-bench",
        abstract: "Benchmarks of aiops (run with -c release).",
        subcommands: [IsolationForestBench.self, DrainBench.self, SimulatorBench.self, DetectorBench.self]
    )
}
