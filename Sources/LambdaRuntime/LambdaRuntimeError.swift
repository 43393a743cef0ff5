/// The one error of the Lambda runtime: a code to compare, a message a person can act on, and the
/// error underneath. Reported to the Runtime API with `errorType` as its type.
public struct LambdaRuntimeError: Error, Sendable, CustomStringConvertible {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidEvent, invalidConfiguration, deadlineExceeded, runtimeAPI, responseTooLarge
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// The event bytes do not decode as the handler's event type.
        public static let invalidEvent = Code(.invalidEvent)
        /// A function's configuration is unusable (reported to `/runtime/init/error`).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The handler did not finish before the invocation's deadline.
        public static let deadlineExceeded = Code(.deadlineExceeded)
        /// The Runtime API answered with an error status or without a request id.
        public static let runtimeAPI = Code(.runtimeAPI)
        /// A response body grew past what Lambda can return.
        public static let responseTooLarge = Code(.responseTooLarge)
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    /// The `Lambda-Runtime-Function-Error-Type` this error is reported with: the names the four
    /// error types it replaces were reported with, so that alarms on them keep matching.
    var errorType: String {
        switch code {
        case .invalidEvent: "InvalidEvent"
        case .deadlineExceeded: "Timeout"
        case .invalidConfiguration: "InvalidConfiguration"
        case .responseTooLarge: "TooLarge"
        default: "Failure"
        }
    }
}
