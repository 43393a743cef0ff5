/// The one error of the AWS client: an error AWS returned, or a local failure on the way
/// (transport, timeout, credentials, configuration, an unreadable reply).
///
/// Safe to log: it never holds credentials, a signature or a request body.
public struct AWSError: Error, Sendable, CustomStringConvertible {
    /// An AWS error code (`ThrottlingException`, `ResourceNotFoundException`, …) or one of the
    /// client's own codes for failures that never reached AWS or could not be read.
    public struct Code: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }
        public var description: String { rawValue }

        // The client's own codes.
        /// The connection failed, was refused, reset or closed before a full reply.
        public static let connectionFailure: Code = "ConnectionFailure"
        /// No complete reply within the request timeout.
        public static let timeout: Code = "RequestTimeout"
        /// No provider in the chain had credentials (or the configured one is not usable).
        public static let credentialsNotFound: Code = "CredentialsNotFound"
        /// A credential source is configured but failed (bad file, endpoint error, bad reply).
        public static let credentialsFailure: Code = "CredentialsFailure"
        /// The region, endpoint or another setting is missing or malformed.
        public static let invalidConfiguration: Code = "InvalidConfiguration"
        /// AWS answered, but the reply could not be decoded.
        public static let invalidResponse: Code = "InvalidResponse"
        /// A parameter was refused before sending (too many items, an empty name, …).
        public static let invalidParameter: Code = "InvalidParameter"
        /// An error status without a readable code.
        public static let unknown: Code = "UnknownError"

        // AWS codes the callers test for.
        public static let resourceNotFound: Code = "ResourceNotFoundException"
        public static let resourceInUse: Code = "ResourceInUseException"
        public static let conditionalCheckFailed: Code = "ConditionalCheckFailedException"
        public static let resourceAlreadyExists: Code = "ResourceAlreadyExistsException"
    }

    public var code: Code
    public var message: String
    /// The HTTP status of AWS's reply; nil when no reply came.
    public var statusCode: Int?
    /// AWS's request id, to quote to AWS support.
    public var requestID: String?
    /// The operation that failed (`DynamoDB.PutItem`), when known.
    public var operation: String?
    /// The error underneath (a transport error, a decoding error).
    public var underlying: (any Error & Sendable)?

    public init(
        _ code: Code, _ message: String, statusCode: Int? = nil, requestID: String? = nil, operation: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestID = requestID
        self.operation = operation
        self.underlying = underlying
    }

    public var description: String {
        var text = operation.map { "\($0): " } ?? ""
        text += "\(code)"
        if let statusCode { text += " (HTTP \(statusCode))" }
        if !message.isEmpty { text += ": \(message)" }
        if let requestID { text += " [request id \(requestID)]" }
        if let underlying, statusCode == nil { text += " — \(underlying)" }
        return text
    }
}
