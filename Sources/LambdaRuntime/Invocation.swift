public import Foundation

/// One event handed over by the Lambda Runtime API (`GET /runtime/invocation/next`).
public struct Invocation: Sendable {
    public var requestID: String
    /// When Lambda stops the function (`Lambda-Runtime-Deadline-Ms`).
    public var deadline: Date
    public var invokedFunctionARN: String?
    /// The X-Ray trace header (`Lambda-Runtime-Trace-Id`), passed on as `_X_AMZN_TRACE_ID`.
    public var traceID: String?
    public var body: Data

    public init(requestID: String, deadline: Date, invokedFunctionARN: String?, traceID: String?, body: Data) {
        self.requestID = requestID
        self.deadline = deadline
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.body = body
    }
}

/// The error document the Runtime API takes (`errorType`, `errorMessage`, optional trace).
public struct LambdaErrorReport: Sendable, Codable, Hashable {
    public var errorType: String
    public var errorMessage: String
    public var stackTrace: [String]

    public init(errorType: String, errorMessage: String, stackTrace: [String] = []) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
    }
}

/// The Runtime API as the loop sees it: real HTTP in Lambda, a driver in tests.
public protocol LambdaRuntimeClient: Sendable {
    /// Waits for the next invocation.
    func next() async throws -> Invocation
    /// `POST /runtime/invocation/{id}/response`.
    func respond(requestID: String, body: Data) async throws
    /// `POST /runtime/invocation/{id}/error` with `Lambda-Runtime-Function-Error-Type`.
    func fail(requestID: String, error: LambdaErrorReport) async throws
    /// `POST /runtime/init/error`: start-up failed; Lambda then stops the environment.
    func initFailed(_ error: LambdaErrorReport) async throws
}
