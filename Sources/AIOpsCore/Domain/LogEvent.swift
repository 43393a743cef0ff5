public import Foundation

/// One log line of an instance, as CloudWatch Logs returns it.
public struct LogEvent: Sendable, Codable, Hashable {
    public var timestamp: Date
    public var message: String
    /// The log group and stream it came from, when known.
    public var source: String?

    public init(timestamp: Date, message: String, source: String? = nil) {
        self.timestamp = timestamp
        self.message = message
        self.source = source
    }
}
