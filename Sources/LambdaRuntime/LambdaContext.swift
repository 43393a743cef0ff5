public import Foundation
public import Logging

/// What a handler knows about its invocation.
public struct LambdaContext: Sendable {
    public var requestID: String
    public var deadline: Date
    public var invokedFunctionARN: String?
    public var traceID: String?
    /// Tagged with `aws.request-id`.
    public var logger: Logger

    public init(invocation: Invocation, logger: Logger) {
        requestID = invocation.requestID
        deadline = invocation.deadline
        invokedFunctionARN = invocation.invokedFunctionARN
        traceID = invocation.traceID
        var logger = logger
        logger[metadataKey: "aws.request-id"] = .string(invocation.requestID)
        if let traceID = invocation.traceID { logger[metadataKey: "aws.trace-id"] = .string(traceID) }
        self.logger = logger
    }

    /// Time left before Lambda stops the function.
    public func remainingTime(now: Date = Date()) -> TimeInterval { deadline.timeIntervalSince(now) }
}
