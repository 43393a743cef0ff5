import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct MotoLogsTests {
    @Test func streamsByPrefixThenEventsOfThoseStreamsAcrossPages() async throws {
        let moto = try Moto()
        let client = CloudWatchLogsClient(executor: moto.executor, pageSize: 3)
        let group = Moto.unique("/aiops/test")
        try await client.createLogGroup(group)
        let base = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 / 60).rounded(.down) * 60 - 3600)
        for stream in ["i-aaa/syslog", "i-aaa/app", "i-bbb/syslog"] {
            try await client.createLogStream(group: group, name: stream)
            let events = (0..<5).map {
                InputLogEvent(date: base.addingTimeInterval(Double($0 * 60)), message: "\(stream) line \($0)")
            }
            try await client.putLogEvents(group: group, stream: stream, events.reversed())  // sorted by the client
        }
        let streams = try await client.describeLogStreams(group: group, prefix: "i-aaa")
        #expect(Set(streams.map(\.logStreamName)) == ["i-aaa/syslog", "i-aaa/app"])

        let events = try await client.filterLogEvents(
            group: group, streams: streams.map(\.logStreamName), start: base, end: base.addingTimeInterval(600),
            pattern: nil, maxEvents: 1000)
        #expect(events.count == 10)
        #expect(events.allSatisfy { $0.message.hasPrefix("i-aaa/") })
        #expect(events.map(\.timestamp) == events.map(\.timestamp).sorted())

        let window = try await client.filterLogEvents(
            group: group, streams: ["i-bbb/syslog"], start: base.addingTimeInterval(60),
            end: base.addingTimeInterval(180),
            pattern: nil, maxEvents: 1000)
        #expect(window.map(\.message) == ["i-bbb/syslog line 1", "i-bbb/syslog line 2"])

        let capped = try await client.filterLogEvents(
            group: group, streams: nil, start: base, end: base.addingTimeInterval(600), pattern: nil, maxEvents: 4)
        #expect(capped.count == 4)
        #expect(
            try await client.filterLogEvents(
                group: group, streams: [], start: base, end: base.addingTimeInterval(600), pattern: nil, maxEvents: 10
            ).isEmpty)
    }

    @Test func aMissingGroupIsResourceNotFound() async throws {
        let client = CloudWatchLogsClient(executor: try Moto().executor)
        let error = await #expect(throws: AWSError.self) {
            _ = try await client.describeLogStreams(group: Moto.unique("/missing"), prefix: nil)
        }
        #expect(error?.code == .resourceNotFound)
        #expect(error?.requestID?.isEmpty == false)
    }

    @Test func putBatchesRespectCountAndTheDaySpan() {
        let day: Int64 = 86_400_000
        let events = [0, day - 1, day, 3 * day].map { InputLogEvent(timestamp: $0, message: "m") }
        let batches = CloudWatchLogsClient.putBatches(events)
        #expect(batches.map { $0.map(\.timestamp) } == [[0, day - 1], [day], [3 * day]])
    }
}
