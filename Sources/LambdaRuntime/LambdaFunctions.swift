import Foundation
public import Logging

/// What a function's factory gets at start-up: the environment (read once, by the entry point),
/// the function's name and the entry point's logger (JSON lines by default, `AIOPS_LOG_FORMAT`).
public struct LambdaStartup: Sendable {
    public var handlerName: String
    public var environment: [String: String]
    public var logger: Logger
}

/// The functions one executable serves, by name: `_HANDLER` picks one at start-up.
///
/// Start-up failures (an unknown `_HANDLER`, a factory that throws on bad configuration) go to
/// `/runtime/init/error` and end the process, as the Runtime API asks; after that, invocations
/// are served until the Runtime API goes away.
public struct LambdaFunctions: Sendable {
    public typealias Factory = @Sendable (LambdaStartup) async throws -> any LambdaByteHandler

    let factories: [String: Factory]

    public init(_ factories: [String: Factory]) {
        self.factories = factories
    }

    /// Runs the function `_HANDLER` names against `AWS_LAMBDA_RUNTIME_API`; returns the exit
    /// status when the loop ends (it normally runs until Lambda stops the process).
    /// - Parameter metrics: the process's metrics backend (the entry point bootstraps swift-metrics
    ///   with it); what each invocation recorded is written to standard output as EMF lines.
    /// - Parameter logger: where the runtime and the functions log (the entry point's setup).
    public func run(environment: [String: String], metrics: EMFMetricsFactory? = nil, logger: Logger) async -> Int32 {
        let name = environment["_HANDLER"] ?? ""
        var logger = logger
        logger[metadataKey: "aiops.function"] = .string(name)
        guard let endpoint = environment["AWS_LAMBDA_RUNTIME_API"], !endpoint.isEmpty else {
            logger.critical("AWS_LAMBDA_RUNTIME_API is not set: this program runs inside AWS Lambda")
            return 2
        }
        let loop = LambdaLoop(client: HTTPRuntimeClient(endpoint: endpoint), logger: logger) {
            guard let metrics else { return }
            let lines = metrics.drain(at: Date(), dimensions: [("function", name)])
            guard !lines.isEmpty else { return }
            FileHandle.standardOutput.write(Data(lines.map { $0 + "\n" }.joined().utf8))
        }
        let handler: any LambdaByteHandler
        do {
            guard let factory = factories[name] else {
                throw LambdaRuntimeError(
                    .invalidConfiguration,
                    "_HANDLER is '\(name)'; this bootstrap serves "
                        + factories.keys.sorted().joined(separator: ", "))
            }
            handler = try await factory(LambdaStartup(handlerName: name, environment: environment, logger: logger))
        } catch {
            await loop.reportInitFailure(error)
            return 1
        }
        logger.info("function ready")
        do {
            try await loop.run(handler)
            return 0
        } catch {
            logger.critical("the Runtime API failed; stopping", metadata: ["error": "\(error)"])
            return 1
        }
    }
}
