public import Foundation
public import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The runtime loop: `next` → decode → handle → `response` or `error`, until stopped.
///
/// Generic over the runtime client so tests drive it without Lambda. A failing invocation never
/// stops the loop: its error goes to the Runtime API and the next invocation is fetched.
public struct LambdaLoop<Client: LambdaRuntimeClient>: Sendable {
    public var client: Client
    public var logger: Logger
    /// How long before the deadline a still-running handler is cancelled and reported as timed
    /// out, so the error reaches the Runtime API before Lambda stops the process.
    public var deadlineMargin: TimeInterval
    /// Called once each invocation has been answered: where the invocation's metrics are written
    /// (Embedded Metric Format lines, `LambdaFunctions`).
    public var afterInvocation: (@Sendable () -> Void)?

    public init(
        client: Client, logger: Logger, deadlineMargin: TimeInterval = 0.25,
        afterInvocation: (@Sendable () -> Void)? = nil
    ) {
        self.client = client
        self.logger = logger
        self.deadlineMargin = deadlineMargin
        self.afterInvocation = afterInvocation
    }

    /// Handles invocations until `maxInvocations` (nil: forever) or cancellation.
    public func run(_ handler: some LambdaByteHandler, maxInvocations: Int? = nil) async throws {
        var handled = 0
        while maxInvocations.map({ handled < $0 }) ?? true, !Task.isCancelled {
            let invocation = try await client.next()
            handled += 1
            await handle(invocation, with: handler)
        }
    }

    /// Reports a start-up failure to `/runtime/init/error`.
    public func reportInitFailure(_ error: any Error) async {
        let report = LambdaErrorReport(errorType: Self.errorType(of: error), errorMessage: "\(error)")
        logger.error("initialisation failed", metadata: ["error": "\(error)"])
        do {
            try await client.initFailed(report)
        } catch {
            logger.error("could not report the initialisation failure", metadata: ["error": "\(error)"])
        }
    }

    private func handle(_ invocation: Invocation, with handler: some LambdaByteHandler) async {
        let context = LambdaContext(invocation: invocation, logger: logger)
        if let traceID = invocation.traceID {
            setenv("_X_AMZN_TRACE_ID", traceID, 1)
        } else {
            unsetenv("_X_AMZN_TRACE_ID")
        }
        let started = Date()
        let outcome = await Self.withDeadline(invocation.deadline.addingTimeInterval(-deadlineMargin)) {
            try await handler.handle(invocation.body, context: context)
        }
        let millis = Int(Date().timeIntervalSince(started) * 1000)
        do {
            switch outcome {
            case .success(let body):
                try await client.respond(requestID: invocation.requestID, body: body)
                context.logger.info("invocation handled", metadata: ["duration-ms": "\(millis)"])
            case .failure(let error):
                let report = LambdaErrorReport(errorType: Self.errorType(of: error), errorMessage: "\(error)")
                context.logger.error(
                    "invocation failed",
                    metadata: ["error-type": "\(report.errorType)", "error": "\(error)", "duration-ms": "\(millis)"])
                try await client.fail(requestID: invocation.requestID, error: report)
            }
        } catch {
            context.logger.error("could not report to the Runtime API", metadata: ["error": "\(error)"])
        }
        afterInvocation?()
    }

    /// Runs `body` unless `deadline` passes first, in which case it is cancelled.
    static func withDeadline(
        _ deadline: Date, _ body: @escaping @Sendable () async throws -> Data
    ) async -> Result<Data, any Error> {
        await withTaskGroup(of: Result<Data, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await body()) } catch { return .failure(error) }
            }
            group.addTask {
                let wait = deadline.timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
                return Task.isCancelled ? nil : .failure(LambdaRuntimeError.deadline)
            }
            var result: Result<Data, any Error> = .failure(LambdaRuntimeError.deadline)
            for await next in group {
                if let next {
                    result = next
                    break
                }
            }
            group.cancelAll()
            return result
        }
    }

    static func errorType(of error: any Error) -> String {
        switch error {
        case let error as LambdaRuntimeError: error.errorType
        // A module's error names itself (`AIOpsError`, not `ModuleError<AIOpsErrorDomain>`).
        case let error as any CustomNSError: type(of: error).errorDomain
        default: String(describing: type(of: error))
        }
    }
}

extension LambdaRuntimeError {
    static var deadline: LambdaRuntimeError {
        LambdaRuntimeError(.deadlineExceeded, "the handler did not finish before the invocation's deadline")
    }
}
