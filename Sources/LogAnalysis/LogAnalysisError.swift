public import AIOpsCore

/// An error of log analysis: a code to compare, a message a person can act on, and the cause.
public struct LogAnalysisError: CodedError, Sendable {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case malformedCSV, missingColumn, invalidConfiguration
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// The CSV text cannot be read (an unterminated quote, a row of the wrong width).
        public static let malformedCSV = Code(.malformedCSV)
        /// The CSV has no column of the requested name.
        public static let missingColumn = Code(.missingColumn)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)
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
