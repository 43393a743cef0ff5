import AIOpsCore
import Foundation
import Logging
import Pipeline
import TestSupport
import Testing

@Suite struct MessagingTests {
    static let alert: CriticalAlert = {
        var incident = Incident(
            id: "inc-1", instanceID: Fixture.web1.id, instanceName: "web-1", metric: .cpuUtilization,
            openedAt: Fixture.t0, updatedAt: Fixture.t0, status: .open, severity: .critical,
            summary: "CPUUtilization 97 on web-1; 312 × \"OutOfMemoryError\"",
            anomaly: Fixture.anomaly(at: Fixture.t0), peakScore: 0.9, anomalyCount: 3, findings: [])
        incident.findings = [
            Finding(
                templateID: "t1", template: "java.lang.OutOfMemoryError: <*>", level: .error, count: 312,
                baselineRate: 0, novelty: .new, firstSeen: Fixture.t0,
                examples: ["2026-09-21 ERROR java.lang.OutOfMemoryError: Java heap space\u{1B}[31m"], rank: 1)
        ]
        return CriticalAlert(alertID: "alert-1", incident: incident, instance: Fixture.web1, raisedAt: Fixture.t0)
    }()

    @Test func theEmailShowsACascadeAsOneFindingWithItsConsequencesAndValues() {
        var alert = Self.alert
        let consequence = Finding(
            templateID: "t2", template: "Request <*> failed (rid=<*>)", level: .error, count: 312, baselineRate: 0,
            novelty: .new, firstSeen: Fixture.t0, examples: ["Request GET /api/cart failed (rid=1f)"], rank: 1)
        alert.incident.findings[0].consequences = [consequence]
        alert.incident.findings[0].values = [
            Finding.VariableValues(position: 0, top: [.init(value: "Java heap space", count: 312)], distinct: 1)
        ]
        let body = AlertEmail(alert: alert, from: "a@b", to: ["c@d"]).body
        let lines = body.split(separator: "\n").map(String.init)
        let lead = lines.firstIndex { $0.contains("312 × [error] java.lang.OutOfMemoryError") }
        let under = lines.firstIndex { $0.contains("↳ consequence: 312 × [error] Request <*> failed") }
        #expect(lead != nil && under != nil && lead! < under!, "\(body)")
        #expect(body.contains("values: <*>#1 = Java heap space ×312"), "\(body)")
        // The consequence is not a peer: one evidence line at the top level.
        #expect(lines.filter { $0.hasPrefix("  312 × ") }.count == 1)
    }

    @Test func theBusPassesTheSameBytesToEverySubscriber() async throws {
        let bus = InProcessEventBus(logger: Logger.quiet)
        let received = Received()
        await bus.subscribe(.anomalies, name: "a") { await received.add("a", $0) }
        await bus.subscribe(.anomalies, name: "b") { await received.add("b", $0) }
        await bus.subscribe(.criticalAlerts, name: "c") { await received.add("c", $0) }
        let event = Fixture.event(at: Fixture.t0)
        try await bus.publish(event)
        let expected = try EventCodec.encode(event)
        #expect(await received.items.map(\.0) == ["a", "b"])
        #expect(await received.items.allSatisfy { $0.1 == expected })
        #expect(try EventCodec.decodeAnomaly(expected) == event)
        try await bus.publish(Self.alert)
        #expect(await received.items.last?.0 == "c")
        #expect(try EventCodec.decodeCriticalAlert(await received.items.last?.1 ?? Data()) == Self.alert)
    }

    @Test func aFailingSubscriberIsRetriedThenSetAside() async throws {
        let counters = CycleCounters()
        let bus = InProcessEventBus(attempts: 3, logger: Logger.quiet, counters: counters)
        let received = Received()
        await bus.subscribe(.anomalies, name: "broken") { _ in
            await received.add("try", Data())
            throw AIOpsError(.unavailable, "log source down")
        }
        await bus.subscribe(.anomalies, name: "fine") { await received.add("fine", $0) }
        try await bus.publish(Fixture.event(at: Fixture.t0))
        #expect(await received.items.map(\.0) == ["try", "try", "try", "fine"])
        let dead = await bus.deadLetters
        #expect(dead.count == 1)
        #expect(dead.first?.subscriber == "broken")
        #expect(dead.first?.error.contains("log source down") == true)
        #expect(counters.take().deliveryFailures == 1)
    }

    @Test func eventsWithoutScoresStillDecode() throws {
        let event = Fixture.event(at: Fixture.t0)
        var object = try #require(try JSONSerialization.jsonObject(with: EventCodec.encode(event)) as? [String: Any])
        #expect(object["scored"] == nil)
        object["scored"] = nil
        let decoded = try EventCodec.decodeAnomaly(JSONSerialization.data(withJSONObject: object))
        #expect(decoded.scored == nil)
        var scored = event
        scored.scored = [ScoredPoint(timestamp: Fixture.t0, value: 97, score: 0.9, expected: 0...80, isAnomaly: true)]
        #expect(try EventCodec.decodeAnomaly(EventCodec.encode(scored)) == scored)
    }

    @Test func theOutboxHoldsTheEmailInRFC5322Form() async throws {
        let folder = try TemporaryDirectory("outbox")
        let lines = Received()
        var alert = Self.alert
        alert.instance.name = "web-1\r\nBcc: everyone@example.com"
        alert.incident.summary = "CPU high — naïve\r\nX-Injected: yes"
        let notifier = OutboxNotifier(
            directory: folder.url, to: ["oncall@example.com", "sre@example.com"],
            dashboard: URL(string: "http://127.0.0.1:8080")
        ) { line in Task { await lines.add(line, Data()) } }
        try await notifier.notify(alert)
        try await notifier.notify(alert)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(files.count == 1)
        let file = try #require(files.first)
        #expect(file.hasSuffix("-alert-1.eml"))
        let text = try String(contentsOf: folder.file(file), encoding: .utf8)
        let (head, body) = try #require(Self.split(text))
        let headers = head.components(separatedBy: "\r\n")
        #expect(headers.contains("To: oncall@example.com, sre@example.com"))
        #expect(headers.contains("Message-ID: <alert-1@aiops.local>"))
        #expect(headers.contains("Date: Thu, 24 Sep 2026 00:00:00 +0000"))
        #expect(headers.contains("X-AIOps-Incident-ID: inc-1"))
        #expect(headers.contains { $0.hasPrefix("Subject: [aiops] CRITICAL i-0aaaaaaaaaaaaaaa1 (web-1  Bcc:") })
        #expect(!headers.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Injected") })
        #expect(body.contains("312 × [error] java.lang.OutOfMemoryError: <*> — new since"))
        #expect(body.contains("Dashboard: http://127.0.0.1:8080/incidents/inc-1"))
        #expect(!body.contains("\u{1B}"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        let subject = AlertEmail(alert: alert, from: "a@b", to: ["c@d"]).subject
        #expect(subject.contains("CRITICAL"))
        var unicode = alert
        unicode.instance.name = "wéb"
        #expect(AlertEmail(alert: unicode, from: "a@b", to: ["c@d"]).rendered().contains("Subject: =?UTF-8?B?"))
    }

    @Test func longLinesAreCut() {
        var alert = Self.alert
        alert.incident.findings[0].examples = [String(repeating: "é", count: 2000)]
        let rendered = AlertEmail(alert: alert, from: "a@b", to: ["c@d"]).rendered()
        #expect(rendered.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        #expect(rendered.contains(" […]"))
    }

    static func split(_ text: String) -> (String, String)? {
        guard let range = text.range(of: "\r\n\r\n") else { return nil }
        return (String(text[..<range.lowerBound]), String(text[range.upperBound...]))
    }
}

actor Received {
    private(set) var items: [(String, Data)] = []
    func add(_ label: String, _ data: Data) { items.append((label, data)) }
}
