public import AIOpsCore

/// The error of the dashboard's setup: a code to compare, a message a person can act on, and the cause.
///
/// Errors of single requests are `APIError`s; this one stops the server from starting.
public struct DashboardError: CodedError, Sendable {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case tokenRequired, invalidConfiguration, resourcesMissing
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// Binding to a non-loopback address without a bearer token.
        public static let tokenRequired = Code(.tokenRequired)
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The dashboard's static files (HTML, JS, the OpenAPI document) could not be found.
        public static let resourcesMissing = Code(.resourcesMissing)
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }
}
