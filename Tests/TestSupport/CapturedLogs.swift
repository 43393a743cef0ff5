public import Logging
import Synchronization

/// A swift-log handler that keeps every line with its metadata, at every level: for tests that
/// check what is logged (a retry's reason) and what never is (a secret).
public final class CapturedLogs: Sendable {
    private let recorded = Mutex<[String]>([])

    public init() {}

    public var lines: [String] { recorded.withLock { $0 } }
    /// Every line, one per line.
    public var text: String { lines.joined(separator: "\n") }
    public func append(_ line: String) { recorded.withLock { $0.append(line) } }
    public func handler() -> some LogHandler { Handler(sink: self) }

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
            let rendered = all.keys.sorted().map { "\($0)=\(all[$0].map { "\($0)" } ?? "")" }.joined(separator: " ")
            sink.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}
