public import AIOpsCore

/// An error of log analysis: a code to compare, a message a person can act on, and the cause.
public typealias LogAnalysisError = ModuleError<LogAnalysisErrorDomain>

/// Log analysis's error codes are `LogAnalysisError.Code`'s static members.
public enum LogAnalysisErrorDomain: ErrorDomain {}

extension LogAnalysisError.Code {
    /// The CSV text cannot be read (an unterminated quote, a row of the wrong width).
    public static var malformedCSV: Self { Self("malformedCSV") }
    /// The CSV has no column of the requested name.
    public static var missingColumn: Self { Self("missingColumn") }
    /// A configuration value is out of range.
    public static var invalidConfiguration: Self { Self("invalidConfiguration") }
}
