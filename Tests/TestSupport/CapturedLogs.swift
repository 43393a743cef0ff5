public import Logging
import Synchronization

/// A swift-log handler that keeps every record with its metadata, at every level: for tests that
/// check what is logged (a retry's reason, a bad model file's path) and what never is (a secret).
public final class CapturedLogs: Sendable {
    /// One logged record, its metadata (the logger's and the call's) rendered as text.
    public struct Record: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
        /// `level message key=value …`, keys sorted: what `lines` holds.
        public var line: String

        init(level: Logger.Level, message: String, metadata: [String: String]) {
            self.level = level
            self.message = message
            self.metadata = metadata
            let rendered = metadata.keys.sorted().map { "\($0)=\(metadata[$0] ?? "")" }.joined(separator: " ")
            line = "\(level) \(message) \(rendered)"
        }
    }

    private let recorded = Mutex<[Record]>([])

    public init() {}

    public var records: [Record] { recorded.withLock { $0 } }
    public var lines: [String] { records.map(\.line) }
    /// Every line, one per line.
    public var text: String { lines.joined(separator: "\n") }
    /// Keeps a line as it is (a test's own note beside the logs), at level info.
    public func append(_ line: String) {
        var record = Record(level: .info, message: line, metadata: [:])
        record.line = line
        append(record)
    }
    func append(_ record: Record) { recorded.withLock { $0.append(record) } }
    public func handler() -> some LogHandler { Handler(sink: self) }
    /// A logger whose every record lands here.
    public var logger: Logger { Logger(label: "captured") { _ in Handler(sink: self) } }

    struct Handler: LogHandler {
        let sink: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: Logging.LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            sink.append(Record(level: event.level, message: "\(event.message)", metadata: all.mapValues { "\($0)" }))
        }
    }
}
