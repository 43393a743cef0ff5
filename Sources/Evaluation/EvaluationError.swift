public import AIOpsCore

/// The error of the evaluation harness: a code to compare, a message a person can act on, and the
/// cause, which its description names too (the harness's errors end a command run by a person).
public typealias EvaluationError = ModuleError<EvaluationErrorDomain>

/// The evaluation harness's error codes are `EvaluationError.Code`'s static members.
public enum EvaluationErrorDomain: ErrorDomain {
    public static var describesUnderlying: Bool { true }
}

extension EvaluationError.Code {
    /// A data or results CSV that cannot be read as `timestamp,value[,anomaly_score]`.
    public static var badCSV: Self { Self("badCSV") }
    /// A labels (windows) file that is not what NAB's `combined_windows.json` looks like.
    public static var badLabels: Self { Self("badLabels") }
    /// A file or folder that was named but does not exist.
    public static var missingFile: Self { Self("missingFile") }
    /// A detector name that the catalogue does not know.
    public static var unknownDetector: Self { Self("unknownDetector") }
    /// A detector's saved state that cannot be used.
    public static var badModel: Self { Self("badModel") }
    /// Reading or writing a file failed.
    public static var ioFailure: Self { Self("ioFailure") }
    /// Recorded metrics or logs laid out or written in a way a backtest cannot replay.
    public static var badRecording: Self { Self("badRecording") }
}
