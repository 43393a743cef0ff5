import AIOpsCore
import Foundation
import TestSupport
import Testing

@testable import Evaluation

/// The backtest's inputs: recorded metrics in either layout, log files, labels, and the replay's
/// view of them through the pipeline's ports.
@Suite struct BacktestInputTests {
    static let start = Date(timeIntervalSince1970: 1_772_409_600)

    static func series(_ count: Int, step: Int = 300) -> String {
        "timestamp,value\n"
            + (0..<count).map { "\(ISO8601.string(from: start.addingTimeInterval(Double($0 * step)))),\($0 % 5)\n" }
            .joined()
    }

    @Test func readsBothMetricLayoutsAndTheLogs() throws {
        let folder = try TemporaryDirectory("recording")
        try folder.write("m/i-0a/CPUUtilization.csv", Self.series(20))
        try folder.write("m/i-0b_mem_used_percent.csv", Self.series(10))
        try folder.write("m/notes.txt", "ignored")
        try folder.write(
            "l/i-0a.log",
            "2026-03-02T00:10:00Z second\r\n\n2026-03-02 00:05:00 first, NAB-style\n"
                + "2026-03-02T00:20:00.500Z ERROR boom\njava.lang.IllegalStateException: x\n\tat A.b(A.java:1)\n")
        let recording = try Recording.load(metrics: folder.file("m"), logs: folder.file("l"))
        #expect(recording.instanceIDs == ["i-0a", "i-0b"])
        #expect(recording.metrics == [.cpuUtilization, .memoryUtilization])
        #expect(recording.series[.init(instanceID: "i-0b", metric: .memoryUtilization)]?.count == 10)
        #expect(recording.inferredPeriod == 300)
        #expect(recording.span == Self.start...Self.start.addingTimeInterval(19 * 300))
        let lines = recording.logs["i-0a"] ?? []
        #expect(
            lines.map(\.message) == [
                "first, NAB-style", "second", "ERROR boom\njava.lang.IllegalStateException: x\n\tat A.b(A.java:1)",
            ])
        #expect(lines[2].timestamp == Self.start.addingTimeInterval(1200.5))
    }

    @Test func layoutProblemsAreNamed() throws {
        let folder = try TemporaryDirectory("recording-errors")
        try folder.write("empty/readme.txt", "no csv here")
        let none = #expect(throws: EvaluationError.self) {
            try Recording.load(metrics: folder.file("empty"), logs: nil)
        }
        #expect(none?.message.contains("no metric CSV") == true)

        try folder.write("twice/i-1/CPUUtilization.csv", Self.series(5))
        try folder.write("twice/i-1_CPUUtilization.csv", Self.series(5))
        let twice = #expect(throws: EvaluationError.self) {
            try Recording.load(metrics: folder.file("twice"), logs: nil)
        }
        #expect(twice?.message.contains("recorded twice") == true)

        try folder.write("flat/CPUUtilization.csv", Self.series(5))
        let unnamed = #expect(throws: EvaluationError.self) {
            try Recording.load(metrics: folder.file("flat"), logs: nil)
        }
        #expect(unnamed?.message.contains("<instance-id>_<Metric>.csv") == true)

        try folder.write("ok/i-1/CPUUtilization.csv", Self.series(5))
        try folder.write("logs/i-1.log", "  at A.b(A.java:1)\n2026-03-02T00:00:00Z x\n")
        let log = #expect(throws: EvaluationError.self) {
            try Recording.load(metrics: folder.file("ok"), logs: folder.file("logs"))
        }
        #expect(log?.message.contains("i-1.log line 1") == true)
        let missing = #expect(throws: EvaluationError.self) {
            try Recording.load(metrics: folder.file("ok"), logs: folder.file("nope"))
        }
        #expect(missing?.code == .missingFile)
    }

    @Test func labelsReadTheSimulatorsFaultHistoryAndRejectNonsense() throws {
        let folder = try TemporaryDirectory("labels")
        let good = try folder.write(
            "good.json",
            #"[{"id": "f1", "instance_id": "i-1", "kind": "crash_loop", "start": "2026-03-02T10:00:00Z", "end": null, "origin": "injected"},"#
                + #" {"instance_id": "i-2", "start": "2026-03-02 09:00:00", "end": "2026-03-02T09:30:00Z"}]"#)
        let faults = try FaultLabels.load(good)
        #expect(faults.map(\.instanceID) == ["i-2", "i-1"])
        #expect(faults[1].end == nil)
        #expect(faults[1].kind == "crash_loop")
        for (name, text, words) in [
            ("object.json", #"{"i-1": []}"#, ["JSON array"]),
            ("date.json", #"[{"instance_id": "i-1", "start": "soon"}]"#, ["fault 1", "'start' is not a time"]),
            (
                "order.json",
                #"[{"instance_id": "i-1", "start": "2026-03-02T10:00:00Z", "end": "2026-03-02T09:00:00Z"}]"#,
                ["ends before it starts"]
            ),
        ] {
            let url = try folder.write(name, text)
            let error = #expect(throws: EvaluationError.self) { try FaultLabels.load(url) }
            #expect(error?.code == .badLabels)
            for word in words { #expect(error?.message.contains(word) == true, "\(word) in \(error?.message ?? "")") }
        }
    }

    @Test func theReplayShowsOnlyWhatHadHappenedByItsClock() async throws {
        let folder = try TemporaryDirectory("replay")
        try folder.write("m/i-1/CPUUtilization.csv", Self.series(12))
        try folder.write(
            "l/i-1.log",
            "2026-03-02T00:04:00Z early\n2026-03-02T00:09:59Z just before\n2026-03-02T00:10:01Z too late\n")
        let recording = try Recording.load(metrics: folder.file("m"), logs: folder.file("l"))
        let clock = ReplayClock(start: Self.start.addingTimeInterval(600))
        let fleet = ReplayFleet(recording: recording, clock: clock, period: 300)
        let query = MetricQuery(
            instanceIDs: ["i-1"], metrics: [.cpuUtilization], start: Self.start,
            end: Self.start.addingTimeInterval(3600), period: 300)
        // At 00:10 the periods starting 00:00 and 00:05 have ended; 00:10's has not.
        #expect(try await fleet.fetch(query).first?.points.count == 2)
        let lines = try await fleet.events(
            instanceID: "i-1", from: Self.start, to: Self.start.addingTimeInterval(3600))
        #expect(lines.map(\.message) == ["early", "just before"])
        clock.advance(by: 600)
        #expect(try await fleet.fetch(query).first?.points.count == 4)
        let instances = try await fleet.monitoredInstances()
        #expect(instances.map(\.id) == ["i-1"])
        #expect(instances.allSatisfy { $0.carries(.monitor) && $0.carries(.remediate) })
        try await fleet.reboot(instanceID: "i-1")
        #expect(fleet.controllerCalls == ["reboot i-1"])
        await #expect(throws: AIOpsError.self) { try await clock.sleep(until: clock.now().addingTimeInterval(1)) }
    }
}
