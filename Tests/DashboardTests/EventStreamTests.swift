import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Simulator
import Testing

@testable import Dashboard

@Suite("Event stream and change feed")
struct EventStreamTests {
    /// Waits (bounded) until `condition` holds; the stream's subscription happens in another task.
    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("GET /events streams new and changed incidents as SSE, then ends when the feed finishes")
    func streamsChanges() async throws {
        let fixture = try await DashboardFixture().seeded(3)
        let sample = fixture.fleet.incident(number: 99, openedAt: DashboardFixture.now)
        try await fixture.application(pollInterval: .seconds(3600)).test(.router) { client in
            async let answer = client.execute(uri: "/api/v1/events", method: .get, headers: fixture.authorized) { $0 }
            try await Self.eventually { fixture.events.subscriberCount == 1 }
            #expect(fixture.events.publish(sample.incident, kind: .opened))
            var changed = sample.incident
            changed.status = .acknowledged
            #expect(fixture.events.publish(changed))
            #expect(!fixture.events.publish(changed), "the same state is sent once")
            fixture.events.finish()
            let response = try await answer
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream; charset=utf-8")
            let events = response.text.components(separatedBy: "\n\n").filter { $0.contains("event: incident") }
            #expect(events.count == 2)
            let payloads = try events.map { event -> [String: Any] in
                let data = try #require(event.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
                return try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
            }
            #expect(payloads.map { $0["kind"] as? String } == ["opened", "updated"])
            #expect(
                payloads.map { ($0["incident"] as? [String: Any])?["status"] as? String } == ["open", "acknowledged"])
            #expect(events[0].contains("id: 1\n") && events[1].contains("id: 2\n"))
        }
    }

    @Test("acknowledging through the API publishes the change")
    func apiWritesArePublished() async throws {
        let fixture = try await DashboardFixture().seeded(3)
        let open = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(status: .open), limit: 1, cursor: nil).items
                .first)
        let stream = fixture.events.subscribe()
        try await fixture.application(pollInterval: .seconds(3600)).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/incidents/\(open.id)/acknowledge", method: .post, headers: fixture.authorized
            ) {
                #expect($0.status == .ok)
            }
        }
        var iterator = stream.makeAsyncIterator()
        guard case .change(let change) = await iterator.next() else {
            Issue.record("no change was published")
            return
        }
        #expect(change.incident.id == open.id)
        #expect(change.incident.status == .acknowledged)
    }

    @Test("the poller publishes incidents another process writes to the store, and ends streams at shutdown")
    func pollerFindsWrites() async throws {
        let fixture = try await DashboardFixture().seeded(5)
        let stream = fixture.events.subscribe()
        let sample = fixture.fleet.incident(number: 500, openedAt: DashboardFixture.now.addingTimeInterval(30))
        try await fixture.application(pollInterval: .milliseconds(20)).test(.router) { _ in
            // Let the poller take its first look, which only learns what exists.
            try await Task.sleep(for: .milliseconds(100))
            try await fixture.fleet.write(sample, to: fixture.store)
            var iterator = stream.makeAsyncIterator()
            var found: IncidentChange?
            while found == nil, let message = await iterator.next() {
                if case .change(let change) = message { found = change }
            }
            #expect(found?.kind == .opened)
            #expect(found?.incident.id == sample.incident.id)
        }
        #expect(fixture.events.subscriberCount == 0, "graceful shutdown ends every stream")
    }

    @Test("the change detector: the first look learns, later looks report new, changed and nothing else")
    func detector() {
        let fleet = SampleFleet(now: DashboardFixture.now)
        let a = fleet.incident(number: 1, openedAt: DashboardFixture.now).incident
        let b = fleet.incident(number: 2, openedAt: DashboardFixture.now).incident
        var detector = IncidentChangeDetector()
        #expect(detector.changes(in: [a]).isEmpty)
        #expect(detector.changes(in: [a]).isEmpty)
        var a2 = a
        a2.severity = .critical
        a2.summary = "changed"
        let found = detector.changes(in: [a2, b])
        #expect(found.map(\.0) == [.updated, .opened] || found.map(\.0) == [.opened, .updated])
        #expect(Set(found.map(\.1.id)) == [a.id, b.id])
        #expect(Set(detector.knownIDs) == [a.id, b.id])
    }

    @Test("the feed drops stale states and remembers a bounded number of incidents")
    func feedDedupes() {
        let events = IncidentEvents(memory: 16)
        let fleet = SampleFleet(now: DashboardFixture.now)
        var incident = fleet.incident(number: 1, openedAt: DashboardFixture.now).incident
        #expect(events.publish(incident))
        var older = incident
        older.updatedAt = incident.updatedAt.addingTimeInterval(-60)
        older.summary = "stale"
        #expect(!events.publish(older))
        incident.updatedAt = incident.updatedAt.addingTimeInterval(60)
        #expect(events.publish(incident))
        for number in 2..<100 {
            events.publish(fleet.incident(number: number, openedAt: DashboardFixture.now).incident)
        }
        events.finish()
        #expect(!events.publish(incident), "nothing is sent after finish")
    }
}

extension EventStreamTests {
    @Test("a store wrapped for publishing sends what the pipeline saves: opened, then updated")
    func publishingStore() async throws {
        let events = IncidentEvents()
        let store = PublishingIncidentStore(base: InMemoryIncidentStore(), events: events)
        let stream = events.subscribe()
        var incident = SampleFleet(now: DashboardFixture.now).incident(number: 3, openedAt: DashboardFixture.now)
            .incident
        try await store.save(incident)
        incident.anomalyCount += 1
        try await store.save(incident)
        try await store.save(incident)
        events.finish()
        var kinds: [IncidentChange.Kind] = []
        for await message in stream {
            if case .change(let change) = message { kinds.append(change.kind) }
        }
        #expect(kinds == [.opened, .updated])
        #expect(try await store.incident(id: incident.id)?.anomalyCount == incident.anomalyCount)
    }
}
