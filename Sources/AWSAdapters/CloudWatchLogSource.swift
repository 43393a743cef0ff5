public import AIOpsCore
public import AWSClient
public import Foundation
public import Logging

/// An instance's log lines from CloudWatch Logs: in each configured group, the streams whose
/// names start with the instance id (as the CloudWatch agent names them), then their events.
///
/// Streams are found with `DescribeLogStreams` and read with `FilterLogEvents` by
/// `logStreamNames`, which both AWS and moto honour (moto ignores `logStreamNamePrefix` on
/// `FilterLogEvents`). A window holding more than `maxEvents` lines keeps its newest ones.
public struct CloudWatchLogSource: LogSource {
    private let logs: any CloudWatchLogsAPI
    private let groups: [String]
    private let maxEvents: Int
    private let logger: Logger

    public init(
        logs: any CloudWatchLogsAPI, groups: [String], maxEvents: Int = 5_000,
        logger: Logger = Logger(label: "aiops.aws.logs")
    ) {
        self.logs = logs
        self.groups = groups
        self.maxEvents = maxEvents
        self.logger = logger
    }

    public func events(instanceID: String, from start: Date, to end: Date) async throws -> [AIOpsCore.LogEvent] {
        try await excerpt(instanceID: instanceID, from: start, to: end).events
    }

    /// The window's lines, at most `maxEvents`. When it holds more, the newest are kept: those
    /// nearest the anomaly, which a burst would otherwise push out (see `newest`).
    public func excerpt(instanceID: String, from start: Date, to end: Date) async throws -> LogExcerpt {
        guard !instanceID.isEmpty else { return LogExcerpt(events: []) }
        var events: [AIOpsCore.LogEvent] = []
        var dropped = false
        for group in groups {
            do {
                let streams = try await logs.describeLogStreams(group: group, prefix: instanceID).map(\.logStreamName)
                    .filter { Self.belongs($0, to: instanceID) }
                guard !streams.isEmpty else { continue }
                let found = try await newest(group: group, streams: streams, from: start, to: end)
                dropped = dropped || found.dropped
                events += found.events.map {
                    AIOpsCore.LogEvent(
                        timestamp: $0.date, message: $0.message, source: "\(group)/\($0.logStreamName ?? "")")
                }
            } catch let error as AWSError where error.code == .resourceNotFound {
                // A group configured but not (yet) created is not a reason to fail the analysis.
                logger.warning("log group not found", metadata: ["aws.log-group": "\(group)", "aws.error": "\(error)"])
            }
        }
        events.sort { $0.timestamp < $1.timestamp }
        if events.count > maxEvents {
            events.removeFirst(events.count - maxEvents)
            dropped = true
        }
        if dropped {
            logger.info(
                "log window over its budget: the newest lines kept",
                metadata: ["aiops.instance-id": "\(instanceID)", "aiops.lines": "\(events.count)"])
        }
        return LogExcerpt(events: events, droppedOlder: dropped)
    }

    /// Steps of the search for the newest lines: the tail found is within 1/2^8 of the window of
    /// the largest one that fits, in at most 9 reads.
    static let searchSteps = 8

    /// The newest lines of `[start, end)`, at most `maxEvents`. `FilterLogEvents` only reads
    /// oldest first, so when the window holds more, a binary search finds the longest tail
    /// `[cut, end)` that fits, each read asking for one line more than the budget to tell.
    func newest(group: String, streams: [String], from start: Date, to end: Date) async throws
        -> (events: [FilteredLogEvent], dropped: Bool)
    {
        let all = try await read(group: group, streams: streams, from: start, to: end)
        guard all.count > maxEvents else { return (all, false) }
        var fits = end
        var over = start
        var best: [FilteredLogEvent] = []
        var overflowing = all
        for _ in 0..<Self.searchSteps {
            let cut = over.addingTimeInterval(fits.timeIntervalSince(over) / 2)
            let tail = try await read(group: group, streams: streams, from: cut, to: end)
            if tail.count > maxEvents {
                over = cut
                overflowing = tail
            } else {
                fits = cut
                best = tail
            }
        }
        // The budget's rest: the lines just before the tail, as far as the last read that
        // overflowed saw them (all of them when the tail is one crowded millisecond).
        let before = overflowing.filter { $0.date < fits }
        return (Array(before.suffix(maxEvents - best.count)) + best, true)
    }

    private func read(group: String, streams: [String], from start: Date, to end: Date) async throws
        -> [FilteredLogEvent]
    {
        try await logs.filterLogEvents(
            group: group, streams: streams, start: start, end: end, pattern: nil, maxEvents: maxEvents + 1)
    }

    /// `i-0abc` or `i-0abc/messages` belong to `i-0abc`; `i-0abcdef…` does not (an old 8-digit id
    /// is a prefix of some 17-digit ones).
    static func belongs(_ stream: String, to instanceID: String) -> Bool {
        guard stream.hasPrefix(instanceID) else { return false }
        guard let next = stream.dropFirst(instanceID.count).unicodeScalars.first else { return true }
        return !(next.properties.isAlphabetic || ("0"..."9").contains(next))
    }
}
