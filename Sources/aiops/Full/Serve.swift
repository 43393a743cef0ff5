import AdapterComposition
import ArgumentParser
import Dashboard
import Foundation

/// `aiops serve`: the dashboard and its HTTP API over the incident store.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the dashboard and its HTTP API over the incident store.",
        discussion: """
            Listens on 127.0.0.1:8080 by default. A bearer token (--api-token or AIOPS_API_TOKEN) protects the API; \
            it is required when listening on any other address than loopback.
            """)

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(
        help: ArgumentHelp(
            "The SQLite store file to serve: the one `aiops run --aws --store sqlite:FILE` or `aiops demo "
                + "--data-dir` writes (default: a store in memory).",
            valueName: "file"))
    var db: String?

    @Option(
        name: [.customLong("api-token"), .customLong("token")],
        help: "The bearer token the API requires (default: $AIOPS_API_TOKEN); --token is the same.")
    var token: String?

    @Option(help: .hidden)
    var seed: Int?

    @Option(help: .hidden)
    var resources: String?

    @Option(help: .hidden)
    var pollSeconds: Double = 2

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        if let seed, seed < 0 || seed > 1_000_000 {
            throw ValidationError("--seed must be from 0 to 1000000")
        }
        guard pollSeconds > 0 else { throw ValidationError("--poll-seconds must be positive") }
    }

    func run() async throws {
        let configuration = DashboardConfiguration(
            host: host, port: port, pollInterval: .milliseconds(Int(pollSeconds * 1000))
        ) { url in
            // Unbuffered, so a script or test reading the output learns the address at once.
            FileHandle.standardOutput.write(Data("dashboard: \(url)\n".utf8))
        }
        try await DashboardAssembly.serve(
            path: db, sample: seed, token: token ?? ProcessInfo.processInfo.environment["AIOPS_API_TOKEN"],
            resources: resources, configuration: configuration
        ) { [host, port] error in
            DashboardStartFailure.explain(error, host: host, port: port)
        }
    }
}
