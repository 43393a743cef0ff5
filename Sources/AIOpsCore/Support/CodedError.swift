public import Foundation

/// The shape of every module's error, after postgres-nio's `PSQLError` and hummingbird's
/// `HTTPError`: a `Code` to compare (a struct of static members, so that a new code breaks no
/// one's `switch`), a message a person can act on, and the error underneath.
///
/// The modules that import this one share one implementation, `ModuleError`, and name theirs
/// (`AIOpsError`, `DetectionError`, `LogAnalysisError`, `EvaluationError`, `DashboardError`).
/// `AWSError`, `TriggerError` and `LambdaRuntimeError` have the same members but sit in modules
/// that do not import this one; `ErrorShapeTests` holds all eight to this protocol's members, so
/// the shapes cannot drift apart unseen.
public protocol CodedError: Error, CustomStringConvertible {
    associatedtype Code: Sendable, Hashable, CustomStringConvertible
    /// What kind of failure this is; compare against the static members of `Code`.
    var code: Code { get }
    /// What went wrong and what to do about it, in words a person can act on.
    var message: String { get }
    /// The error underneath (an I/O or decoding error), if any.
    var underlying: (any Error & Sendable)? { get }
}

extension CodedError {
    /// The message alone: safe to show and to log.
    public var description: String { message }
}

/// What makes one module's `ModuleError` a type of its own: a caseless enum per module
/// (`DetectionErrorDomain`), so that a detection code never compares equal to, or stands in for,
/// a code of another module.
public protocol ErrorDomain: Sendable {
    /// Whether `description` adds the underlying error after the message; the message alone by default.
    static var describesUnderlying: Bool { get }
}

extension ErrorDomain {
    public static var describesUnderlying: Bool { false }

    /// The error's name as its module calls it (`AIOpsErrorDomain` → `AIOpsError`): what a Lambda
    /// function reports as its `errorType`, rather than `ModuleError<AIOpsErrorDomain>`.
    public static var errorName: String {
        let name = String(describing: self)
        return name.hasSuffix("Domain") ? String(name.dropLast("Domain".count)) : name
    }
}

/// The error of a module: a code to compare, a message a person can act on, and the cause. A
/// module names it for its domain (`public typealias DetectionError = ModuleError<DetectionErrorDomain>`)
/// and declares its codes as static members of `Code` in an extension of that name's `Code`.
public struct ModuleError<Domain: ErrorDomain>: CodedError, Sendable {
    /// What kind of failure this is; compare against the static members the module declares.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        /// For the module's own static members: `public static var io: Self { Self("io") }`.
        package init(_ name: String) { self.name = name }
        public var description: String { name }
    }

    public var code: Code
    public var message: String
    public var underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        guard Domain.describesUnderlying, let underlying else { return message }
        return "\(message) (\(underlying))"
    }
}

/// Its domain is its module's error name (`AIOpsError`), which the Lambda loop reports as the
/// invocation's `errorType`.
extension ModuleError: CustomNSError {
    public static var errorDomain: String { Domain.errorName }
}
