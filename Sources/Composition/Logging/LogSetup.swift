public import AIOpsCore
import Foundation
public import Logging
import Synchronization

/// How every entry point logs (docs/observability.md): `AIOPS_LOG_FORMAT` (`json` or `text`;
/// json by default in Lambda, text elsewhere) and `AIOPS_LOG_LEVEL` (`trace` … `critical`).
/// Read once, at the entry point, from its environment.
public struct LogSetup: Sendable {
    public enum Format: String, Sendable, CaseIterable {
        case json, text
    }

    /// Where the lines go: the CLI keeps standard output for its own output, Lambda reads both.
    public enum Stream: Sendable {
        case standardOutput, standardError

        var handle: FileHandle { self == .standardOutput ? .standardOutput : .standardError }
    }

    public var format: Format
    public var level: Logger.Level
    public var stream: Stream
    /// True when the level came from `AIOPS_LOG_LEVEL`: it then wins over a command's own choice.
    public var levelIsExplicit = false

    public init(format: Format = .text, level: Logger.Level = .info, stream: Stream = .standardError) {
        self.format = format
        self.level = level
        self.stream = stream
    }

    /// The setup `environment` asks for over the entry point's defaults; a value that is not one
    /// of the names is an error that says which are.
    public static func from(
        _ environment: [String: String], format: Format = .text, level: Logger.Level = .info,
        stream: Stream = .standardError
    ) throws(AIOpsError) -> LogSetup {
        var setup = LogSetup(format: format, level: level, stream: stream)
        if let text = environment["AIOPS_LOG_FORMAT"], !text.isEmpty {
            guard let format = Format(rawValue: text.lowercased()) else {
                throw invalid("AIOPS_LOG_FORMAT", text, allowed: Format.allCases.map(\.rawValue))
            }
            setup.format = format
        }
        if let text = environment["AIOPS_LOG_LEVEL"], !text.isEmpty {
            guard let level = Logger.Level(rawValue: text.lowercased()) else {
                throw invalid("AIOPS_LOG_LEVEL", text, allowed: Logger.Level.allCases.map(\.rawValue))
            }
            setup.level = level
            setup.levelIsExplicit = true
        }
        return setup
    }

    private static func invalid(_ variable: String, _ value: String, allowed: [String]) -> AIOpsError {
        AIOpsError(.invalidInput, "\(variable) is '\(value)'; use one of \(allowed.joined(separator: ", "))")
    }

    /// A handler for `label` in this format, at this level.
    public func handler(label: String) -> any LogHandler {
        switch format {
        case .json: return JSONLogHandler(label: label, level: level, stream: stream)
        case .text:
            var handler =
                stream == .standardOutput
                ? StreamLogHandler.standardOutput(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A logger in this format; `level` is the command's own choice (the demo's quiet narration,
    /// or `--verbose`), which `AIOPS_LOG_LEVEL` overrides when set.
    /// `stream` overrides the setup's (the demo narrates on standard output, so it logs to standard error).
    public func logger(label: String, level: Logger.Level? = nil, stream: Stream? = nil) -> Logger {
        var setup = self
        if let stream { setup.stream = stream }
        var logger = Logger(label: label) { setup.handler(label: $0) }
        if let level, !levelIsExplicit { logger.logLevel = level }
        return logger
    }

    /// Makes this setup the process's default, for every `Logger(label:)` and `LogSetup.current`.
    /// Once per process (swift-log's rule).
    public func bootstrap() {
        let setup = self
        Self.installed.withLock { $0 = setup }
        LoggingSystem.bootstrap { setup.handler(label: $0) }
    }

    /// The setup the entry point bootstrapped (text on standard error before it does).
    public static var current: LogSetup { installed.withLock { $0 } }
    private static let installed = Mutex(LogSetup())
}
