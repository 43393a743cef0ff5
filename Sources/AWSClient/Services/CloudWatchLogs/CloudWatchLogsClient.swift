public import Foundation

/// CloudWatch Logs over AWS JSON 1.1.
public struct CloudWatchLogsClient: CloudWatchLogsAPI {
    /// Streams per `FilterLogEvents` call (the API's limit).
    public static let maxStreamsPerCall = 100
    /// Events per `PutLogEvents` call (the API's limit).
    public static let maxEventsPerPut = 10_000
    static let maxPages = 10_000

    private let executor: AWSRequestExecutor
    /// Events or streams per page asked of AWS; nil leaves AWS's default (tests make it small to page).
    private let pageSize: Int?

    public init(executor: AWSRequestExecutor, pageSize: Int? = nil) {
        self.executor = executor
        self.pageSize = pageSize
    }

    struct FilterInput: Encodable {
        var logGroupName: String
        var logStreamNames: [String]?
        var startTime: Int64
        var endTime: Int64
        var filterPattern: String?
        var nextToken: String?
        var limit: Int?
    }

    struct FilterOutput: Decodable {
        var events: [FilteredLogEvent]?
        var nextToken: String?
    }

    public func filterLogEvents(
        group: String, streams: [String]?, start: Date, end: Date, pattern: String?, maxEvents: Int = 10_000
    ) async throws -> [FilteredLogEvent] {
        guard !group.isEmpty else { throw AWSError(.invalidParameter, "FilterLogEvents needs a log group name") }
        // An empty list of streams would mean "the whole group" to AWS: return nothing instead.
        if let streams, streams.isEmpty { return [] }
        let batches: [[String]?] =
            streams.map { names in
                stride(from: 0, to: names.count, by: Self.maxStreamsPerCall).map {
                    Array(names[$0..<min($0 + Self.maxStreamsPerCall, names.count)])
                }
            } ?? [nil]
        var events: [FilteredLogEvent] = []
        for batch in batches {
            var input = FilterInput(
                logGroupName: group, logStreamNames: batch, startTime: Self.milliseconds(start),
                endTime: Self.milliseconds(end) - 1, filterPattern: pattern,
                limit: min(max(pageSize ?? maxEvents, 1), 10_000))
            var pages = 0
            repeat {
                let output = try await executor.json(.cloudWatchLogs, "FilterLogEvents", input, as: FilterOutput.self)
                events += output.events ?? []
                // Logs may return empty pages with a token while it scans: keep going until none.
                input.nextToken = output.nextToken.flatMap { $0.isEmpty || $0 == input.nextToken ? nil : $0 }
                pages += 1
            } while input.nextToken != nil && events.count < maxEvents && pages < Self.maxPages
            if events.count >= maxEvents { break }
        }
        events.sort { ($0.timestamp, $0.eventId ?? "") < ($1.timestamp, $1.eventId ?? "") }
        return Array(events.prefix(maxEvents))
    }

    struct DescribeInput: Encodable {
        var logGroupName: String
        var logStreamNamePrefix: String?
        var nextToken: String?
        var limit: Int?
    }

    struct DescribeOutput: Decodable {
        var logStreams: [LogStream]?
        var nextToken: String?
    }

    public func describeLogStreams(group: String, prefix: String?) async throws -> [LogStream] {
        var input = DescribeInput(
            logGroupName: group, logStreamNamePrefix: prefix.flatMap { $0.isEmpty ? nil : $0 },
            limit: pageSize.map { min(max($0, 1), 50) })
        var streams: [LogStream] = []
        var pages = 0
        repeat {
            let output = try await executor.json(.cloudWatchLogs, "DescribeLogStreams", input, as: DescribeOutput.self)
            streams += output.logStreams ?? []
            input.nextToken = output.nextToken.flatMap { $0.isEmpty || $0 == input.nextToken ? nil : $0 }
            pages += 1
        } while input.nextToken != nil && pages < Self.maxPages
        return streams
    }

    public func createLogGroup(_ name: String) async throws {
        struct Input: Encodable { var logGroupName: String }
        _ = try await executor.json(.cloudWatchLogs, "CreateLogGroup", Input(logGroupName: name), as: EmptyOutput.self)
    }

    public func createLogStream(group: String, name: String) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var logStreamName: String
        }
        _ = try await executor.json(
            .cloudWatchLogs, "CreateLogStream", Input(logGroupName: group, logStreamName: name), as: EmptyOutput.self)
    }

    public func putLogEvents(group: String, stream: String, _ events: [InputLogEvent]) async throws {
        struct Input: Encodable {
            var logGroupName: String
            var logStreamName: String
            var logEvents: [InputLogEvent]
        }
        for batch in Self.putBatches(events) {
            _ = try await executor.json(
                .cloudWatchLogs, "PutLogEvents", Input(logGroupName: group, logStreamName: stream, logEvents: batch),
                as: EmptyOutput.self)
        }
    }

    /// Sorted by time (AWS refuses a batch out of order), at most 10,000 events and 24 hours each.
    package static func putBatches(_ events: [InputLogEvent]) -> [[InputLogEvent]] {
        let day: Int64 = 86_400_000
        var batches: [[InputLogEvent]] = []
        var current: [InputLogEvent] = []
        for event in events.sorted(by: { $0.timestamp < $1.timestamp }) {
            if let first = current.first, current.count == maxEventsPerPut || event.timestamp - first.timestamp >= day {
                batches.append(current)
                current = []
            }
            current.append(event)
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }
}
