/// The error of the core: a code to compare, a message a person can act on, and the cause.
public struct AIOpsError: CodedError, Sendable {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case malformedEvent, unsupportedVersion, invalidInput, notFound, conflict, unavailable, internalFailure
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        public static let malformedEvent = Code(.malformedEvent)
        public static let unsupportedVersion = Code(.unsupportedVersion)
        public static let invalidInput = Code(.invalidInput)
        public static let notFound = Code(.notFound)
        public static let conflict = Code(.conflict)
        public static let unavailable = Code(.unavailable)
        public static let internalFailure = Code(.internalFailure)
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
