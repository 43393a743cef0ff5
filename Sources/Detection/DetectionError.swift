public import AIOpsCore

/// The error of the detection module: a code to compare, a message a person can act on, and the cause.
public typealias DetectionError = ModuleError<DetectionErrorDomain>

/// The detection module's error codes are `DetectionError.Code`'s static members.
public enum DetectionErrorDomain: ErrorDomain {}

extension DetectionError.Code {
    /// A CSV file that cannot be read as a metric table (the message names file, line and column).
    public static var invalidCSV: Self { Self("invalidCSV") }
    /// A model file that is truncated, malformed or inconsistent.
    public static var invalidModel: Self { Self("invalidModel") }
    /// A model file written in a format version this build does not read.
    public static var unsupportedVersion: Self { Self("unsupportedVersion") }
    /// A training or scoring parameter out of range.
    public static var invalidParameter: Self { Self("invalidParameter") }
    /// Data that does not fit the model (wrong feature count, too few rows, non-finite values).
    public static var invalidInput: Self { Self("invalidInput") }
    /// A file that cannot be read or written.
    public static var io: Self { Self("io") }
}
