public import AIOpsCore

/// The error of the detection module: a code to compare, a message a person can act on, and the cause.
public struct DetectionError: CodedError, Sendable {
    /// What kind of failure this is; compare against the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case invalidCSV, invalidModel, unsupportedVersion, invalidParameter, invalidInput, io
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// A CSV file that cannot be read as a metric table (the message names file, line and column).
        public static let invalidCSV = Code(.invalidCSV)
        /// A model file that is truncated, malformed or inconsistent.
        public static let invalidModel = Code(.invalidModel)
        /// A model file written in a format version this build does not read.
        public static let unsupportedVersion = Code(.unsupportedVersion)
        /// A training or scoring parameter out of range.
        public static let invalidParameter = Code(.invalidParameter)
        /// Data that does not fit the model (wrong feature count, too few rows, non-finite values).
        public static let invalidInput = Code(.invalidInput)
        /// A file that cannot be read or written.
        public static let io = Code(.io)
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
