import AIOpsCore
import Foundation
import LogAnalysis
import Logging
import Pipeline
import Testing

/// Huge and broken log lines around an anomaly: the incident is still stored and the alert still
/// sent, with the lines cut to their budget and marked (docs/pipeline.md, "Bounded payloads").
@Suite struct BoundedPayloadTests {
    /// Health checks every minute, and around `spikeAt` the given lines, one a minute.
    struct HugeLines: LogSource {
        var spikeAt: Date
        var lines: [String]

        func events(instanceID: String, from start: Date, to end: Date) -> [AIOpsCore.LogEvent] {
            var events: [AIOpsCore.LogEvent] = []
            var t = start
            while t < end {
                events.append(AIOpsCore.LogEvent(timestamp: t, message: "INFO GET /health 200"))
                t = t.addingTimeInterval(60)
            }
            for (index, line) in lines.enumerated() {
                let at = spikeAt.addingTimeInterval(Double(index - lines.count) * 20)
                if start <= at && at < end { events.append(AIOpsCore.LogEvent(timestamp: at, message: line)) }
            }
            return events.sorted { $0.timestamp < $1.timestamp }
        }
    }

    static func stackDump(bytes: Int) -> String {
        var line = "ERROR java.lang.IllegalStateException: worker pool exhausted"
        let frame = " at com.example.pool.Worker.run(Worker.java:42)"
        line += String(repeating: frame, count: bytes / frame.utf8.count + 1)
        return line
    }

    static func notUTF8() -> String {
        var bytes = Array("ERROR payload rejected: ".utf8)
        bytes += [0xFF, 0xFE, 0xC0, 0xAF, 0xED, 0xA0, 0x80] + Array(String(repeating: "é", count: 3_000).utf8) + [0x80]
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [200 * 1_024, 1_024 * 1_024])
    func aHugeLineInTheWindowIsStoredAlertedAndCut(bytes: Int) async throws {
        let clock = ManualClock(Fixture.t0.addingTimeInterval(3 * 3600))
        let spikeAt = clock.now().addingTimeInterval(-5 * 60)
        let store = InMemoryIncidentStore()
        let alerts = RecordingPublisher()
        let dump = Self.stackDump(bytes: bytes)
        let lines = Array(repeating: dump, count: 6) + Array(repeating: Self.notUTF8(), count: 6)
        let stage = AnalysisStage(
            configuration: AgentConfiguration(), store: store, logs: HugeLines(spikeAt: spikeAt, lines: lines),
            metrics: FakeFleet(instances: [Fixture.web1], clock: clock), analyzer: RootCauseAnalyzer(),
            alerts: alerts, clock: clock, logger: Logger.quiet)

        let outcome = try await stage.handle(Fixture.event(at: spikeAt))
        let incident = try #require(outcome.incident)
        #expect(
            incident.severity == .critical,
            "\(incident.summary.prefix(300)) \(incident.findings.map { "\($0.level) \($0.count) \($0.template.prefix(60))" })"
        )
        #expect(await store.incident(id: incident.id) == incident)
        let sent = try #require(await alerts.alerts.first)
        #expect(sent.incident.id == incident.id)

        let examples = incident.findings.flatMap(\.examples)
        let cut = examples.filter { $0.hasPrefix("ERROR java.lang.IllegalStateException") }
        #expect(!cut.isEmpty)
        #expect(cut.allSatisfy { PayloadBudget.isTruncated($0) && $0.utf8.count <= PayloadBudget.standard.lineBytes })
        #expect(examples.allSatisfy { $0.utf8.count <= PayloadBudget.standard.lineBytes })
        #expect(examples.contains { $0.hasPrefix("ERROR payload rejected: \u{FFFD}") })
        #expect(try EventCodec.encode(sent).count <= PayloadBudget.standard.documentBytes)
        #expect(try EventCodec.encode(incident).count <= PayloadBudget.standard.documentBytes)
    }

    /// A source over its budget: it kept the newest lines and says older ones were dropped.
    struct OverBudget: LogSource {
        func events(instanceID: String, from start: Date, to end: Date) -> [AIOpsCore.LogEvent] {
            [AIOpsCore.LogEvent(timestamp: end.addingTimeInterval(-1), message: "ERROR disk full")]
        }
        func excerpt(instanceID: String, from start: Date, to end: Date) -> LogExcerpt {
            LogExcerpt(events: events(instanceID: instanceID, from: start, to: end), droppedOlder: true)
        }
    }

    @Test func theSummarySaysWhenOlderLinesWereDropped() async throws {
        let clock = ManualClock(Fixture.t0.addingTimeInterval(3 * 3600))
        let stage = AnalysisStage(
            configuration: AgentConfiguration(), store: InMemoryIncidentStore(), logs: OverBudget(),
            metrics: FakeFleet(instances: [Fixture.web1], clock: clock), analyzer: KeywordAnalyzer(),
            alerts: RecordingPublisher(), clock: clock, logger: Logger.quiet)
        let outcome = try await stage.handle(Fixture.event(at: clock.now().addingTimeInterval(-5 * 60)))
        let summary = try #require(outcome.incident?.summary)
        #expect(summary.contains("log window over budget: older lines dropped"), "\(summary)")
    }
}
