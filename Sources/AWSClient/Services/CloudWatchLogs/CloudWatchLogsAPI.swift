public import Foundation

/// The CloudWatch Logs calls the agent makes (and those the tests seed with).
public protocol CloudWatchLogsAPI: Sendable {
    /// Events of `group` in `start..<end`, oldest first, every page followed up to `maxEvents`.
    /// `streams` limits the search to those streams (batched 100 per call, as the API allows);
    /// nil searches the whole group. `pattern` is a CloudWatch filter pattern.
    func filterLogEvents(
        group: String, streams: [String]?, start: Date, end: Date, pattern: String?, maxEvents: Int
    ) async throws -> [FilteredLogEvent]
    /// The streams of `group` whose names start with `prefix`, every page followed.
    func describeLogStreams(group: String, prefix: String?) async throws -> [LogStream]
    func createLogGroup(_ name: String) async throws
    func createLogStream(group: String, name: String) async throws
    /// Sends events (sorted by time and batched as the API requires).
    func putLogEvents(group: String, stream: String, _ events: [InputLogEvent]) async throws
}
