/// The shape of every module's error, after postgres-nio's `PSQLError` and hummingbird's
/// `HTTPError`: a `Code` to compare (a struct of static lets over a private enum, so that a new
/// code breaks no one's `switch`), a message a person can act on, and the error underneath.
///
/// The domain modules' errors conform (`AIOpsError`, `DetectionError`, `LogAnalysisError`,
/// `EvaluationError`, `DashboardError`). `AWSError`, `TriggerError` and `LambdaRuntimeError` have
/// the same members but sit in modules that do not import this one; `ErrorShapeTests` holds all
/// eight to this protocol, so the shapes cannot drift apart unseen.
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
