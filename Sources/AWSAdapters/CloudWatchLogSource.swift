public import AIOpsCore
public import AWSClient
public import Foundation
public import Logging

/// An instance's log lines from CloudWatch Logs: in each configured group, the streams whose
/// names start with the instance id (as the CloudWatch agent names them), then their events.
///
/// Streams are found with `DescribeLogStreams` and read with `FilterLogEvents` by
/// `logStreamNames`, which both AWS and moto honour (moto ignores `logStreamNamePrefix` on
/// `FilterLogEvents`).
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
        guard !instanceID.isEmpty else { return [] }
        var events: [AIOpsCore.LogEvent] = []
        for group in groups {
            do {
                let streams = try await logs.describeLogStreams(group: group, prefix: instanceID).map(\.logStreamName)
                    .filter { Self.belongs($0, to: instanceID) }
                guard !streams.isEmpty else { continue }
                let found = try await logs.filterLogEvents(
                    group: group, streams: streams, start: start, end: end, pattern: nil, maxEvents: maxEvents)
                events += found.map {
                    AIOpsCore.LogEvent(
                        timestamp: $0.date, message: $0.message, source: "\(group)/\($0.logStreamName ?? "")")
                }
            } catch let error as AWSError where error.code == .resourceNotFound {
                // A group configured but not (yet) created is not a reason to fail the analysis.
                logger.warning("log group not found", metadata: ["aws.log-group": "\(group)", "aws.error": "\(error)"])
            }
        }
        return events.sorted { $0.timestamp < $1.timestamp }
    }

    /// `i-0abc` or `i-0abc/messages` belong to `i-0abc`; `i-0abcdef…` does not (an old 8-digit id
    /// is a prefix of some 17-digit ones).
    static func belongs(_ stream: String, to instanceID: String) -> Bool {
        guard stream.hasPrefix(instanceID) else { return false }
        guard let next = stream.dropFirst(instanceID.count).unicodeScalars.first else { return true }
        return !(next.properties.isAlphabetic || ("0"..."9").contains(next))
    }
}
