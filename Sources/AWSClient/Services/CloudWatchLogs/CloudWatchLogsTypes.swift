public import Foundation

/// A log event as `FilterLogEvents` returns it.
public struct FilteredLogEvent: Decodable, Sendable, Hashable {
    public var logStreamName: String?
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var message: String
    public var eventId: String?

    public init(logStreamName: String?, timestamp: Int64, message: String, eventId: String? = nil) {
        self.logStreamName = logStreamName
        self.timestamp = timestamp
        self.message = message
        self.eventId = eventId
    }

    public var date: Date { Date(timeIntervalSince1970: Double(timestamp) / 1000) }
}

/// A log stream as `DescribeLogStreams` returns it.
public struct LogStream: Decodable, Sendable, Hashable {
    public var logStreamName: String
    public var creationTime: Int64?
    public var firstEventTimestamp: Int64?
    public var lastEventTimestamp: Int64?
    public var arn: String?
}

/// A log event to send with `PutLogEvents`.
public struct InputLogEvent: Encodable, Sendable, Hashable {
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var message: String

    public init(timestamp: Int64, message: String) {
        self.timestamp = timestamp
        self.message = message
    }

    public init(date: Date, message: String) {
        self.init(timestamp: Int64((date.timeIntervalSince1970 * 1000).rounded()), message: message)
    }
}
