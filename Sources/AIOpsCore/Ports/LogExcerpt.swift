public import Foundation

/// The lines a log source read of a window, oldest first. When the window holds more than the
/// source's budget, the source keeps the newest lines (those nearest the anomaly) and says so.
public struct LogExcerpt: Sendable, Hashable {
    public var events: [LogEvent]
    /// True when lines older than `events` were left out.
    public var droppedOlder: Bool

    public init(events: [LogEvent], droppedOlder: Bool = false) {
        self.events = events
        self.droppedOlder = droppedOlder
    }
}

extension LogSource {
    /// A source without a budget reads the whole window.
    public func excerpt(instanceID: String, from start: Date, to end: Date) async throws -> LogExcerpt {
        LogExcerpt(events: try await events(instanceID: instanceID, from: start, to: end))
    }
}
