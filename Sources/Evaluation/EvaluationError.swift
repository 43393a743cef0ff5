public import AIOpsCore

/// The error of the evaluation harness: a code to compare, a message a person can act on, and the cause.
public struct EvaluationError: CodedError, Sendable {
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case badCSV, badLabels, missingFile, unknownDetector, badModel, ioFailure, badRecording
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }
        public var description: String { value.rawValue }

        /// A data or results CSV that cannot be read as `timestamp,value[,anomaly_score]`.
        public static let badCSV = Code(.badCSV)
        /// A labels (windows) file that is not what NAB's `combined_windows.json` looks like.
        public static let badLabels = Code(.badLabels)
        /// A file or folder that was named but does not exist.
        public static let missingFile = Code(.missingFile)
        /// A detector name that the catalogue does not know.
        public static let unknownDetector = Code(.unknownDetector)
        /// A detector's saved state that cannot be used.
        public static let badModel = Code(.badModel)
        /// Reading or writing a file failed.
        public static let ioFailure = Code(.ioFailure)
        /// Recorded metrics or logs laid out or written in a way a backtest cannot replay.
        public static let badRecording = Code(.badRecording)
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
        guard let underlying else { return message }
        return "\(message) (\(underlying))"
    }
}
