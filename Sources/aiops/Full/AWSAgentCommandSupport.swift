import AWSAdapters
import AdapterComposition
import Foundation
import Logging

/// What the commands running the agent over AWS share: reading the settings and the JSON output.
enum AWSAgentCommandSupport {
    /// The agent's AWS wiring from the process environment and an optional config file of
    /// `AIOPS_*=value` lines (the environment wins). The one place these commands read the
    /// environment.
    static func assembly(config: String?, logger: Logger) throws -> AWSAgentAssembly {
        let environment = ProcessInfo.processInfo.environment
        let file = try config.map { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError("cannot read the config file \(path)")
            }
            return AgentSettings.parseFile(text)
        }
        let settings = try AgentSettings.resolve(environment: environment, file: file ?? [:])
        return try AWSAgentAssembly(settings: settings, environment: environment, logger: logger)
    }

    /// Sorted JSON with ISO 8601 dates, as the commands print their figures: pretty, or on one
    /// line (one cycle per line in `aiops run --aws`).
    static func json(_ value: some Encodable, pretty: Bool = true) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
