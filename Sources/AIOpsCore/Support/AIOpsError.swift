/// The error of the core: a code to compare, a message a person can act on, and the cause.
public typealias AIOpsError = ModuleError<AIOpsErrorDomain>

/// The core's error codes are `AIOpsError.Code`'s static members.
public enum AIOpsErrorDomain: ErrorDomain {}

extension AIOpsError.Code {
    public static var malformedEvent: Self { Self("malformedEvent") }
    public static var unsupportedVersion: Self { Self("unsupportedVersion") }
    public static var invalidInput: Self { Self("invalidInput") }
    public static var notFound: Self { Self("notFound") }
    public static var conflict: Self { Self("conflict") }
    public static var unavailable: Self { Self("unavailable") }
    public static var internalFailure: Self { Self("internalFailure") }
}
