public import AIOpsCore
import Foundation
import Testing

/// The checks every `IncidentStore` must pass (in memory, SQLite, DynamoDB): the protocol's
/// documented semantics, so the pipeline and the dashboard behave the same on each.
///
/// Run them from a store's test target as a parameterized test:
/// ```swift
/// @Test(arguments: IncidentStoreConformance.checks)
/// func conforms(_ check: IncidentStoreConformance.Check) async throws {
///     try await check.run { folder in try SQLiteIncidentStore(path: folder.file("s.sqlite").path) }
/// }
/// ```
public enum IncidentStoreConformance {
    /// Makes an empty store; `folder` is fresh for each check and lives as long as the check.
    public typealias Factory = @Sendable (_ folder: TemporaryDirectory) async throws -> any IncidentStore

    /// One named check.
    public struct Check: Sendable, CustomStringConvertible {
        public let description: String
        let body: @Sendable (any IncidentStore) async throws -> Void

        /// Runs the check on a new store from `factory`.
        public func run(_ factory: Factory) async throws {
            let folder = try TemporaryDirectory("store-conformance")
            let store = try await factory(folder)
            try await body(store)
            withExtendedLifetime(folder) {}
        }
    }

    public static let checks: [Check] =
        [
            Check(description: "saves and reads incidents whole", body: savesIncidentsWhole),
            Check(description: "finds the newest unresolved incident", body: findsOpenIncident),
            Check(description: "filters incidents", body: filtersIncidents),
            Check(description: "filters incidents by verdict as it changes", body: filtersByVerdict),
            Check(description: "pages newest first across equal times", body: pagesNewestFirst),
            Check(description: "pages stay stable while incidents arrive", body: pagesStayStable),
            Check(description: "rejects bad cursors and page sizes", body: rejectsBadPages),
            Check(description: "records each anomaly once", body: recordsAnomaliesOnce),
            Check(description: "keeps one chart point per time", body: keepsSeriesByTime),
            Check(description: "replaces snapshots by instance", body: replacesSnapshots),
            Check(description: "claims each idempotency key once", body: claimsOnce),
            Check(description: "claims atomically under concurrency", body: claimsAtomically),
            Check(description: "lists and updates actions", body: listsActions),
            Check(description: "appends each audit record once", body: appendsAuditOnce),
            Check(description: "marks each event handled once", body: marksHandledOnce),
            Check(description: "keeps checkpoints", body: keepsCheckpoints),
        ] + leaseChecks + versionChecks + silenceChecks + approvalChecks

    typealias F = StoreFixtures

    static func savesIncidentsWhole(_ store: any IncidentStore) async throws {
        let resolved = F.incident("inc-a", status: .resolved, findings: 4)
        try await store.save(resolved)
        #expect(try await store.incident(id: "inc-a") == resolved)
        #expect(try await store.incident(id: "inc-missing") == nil)

        var changed = resolved
        changed.status = .acknowledged
        changed.findings = [F.finding(7)]
        changed.feedback = nil
        changed.resolvedAt = nil
        changed.summary = "edited ∑ <b>"
        try await store.save(changed)
        #expect(try await store.incident(id: "inc-a") == changed)
        let all = try await store.incidents(matching: IncidentFilter(), limit: 10, cursor: nil)
        #expect(all.items == [changed])
    }

    /// Detection reads the false positives each cycle: a verdict changed or removed must leave the
    /// filter's answer at once, or feedback could not be undone.
    static func filtersByVerdict(_ store: any IncidentStore) async throws {
        let hosts = ["i-0aaaaaaaaaaaaaaa1", "i-0bbbbbbbbbbbbbbb2"]
        for n in 0..<8 {
            var incident = F.incident("inc-\(n)", instance: hosts[n % 2], openedAt: F.time(Double(n)))
            incident.feedback =
                switch n % 4 {
                case 0, 1: Feedback(verdict: .falsePositive, note: nil, at: F.time(Double(n) + 1), by: "api")
                case 2: Feedback(verdict: .truePositive, note: "real", at: F.time(Double(n) + 1), by: "api")
                default: nil
                }
            try await store.save(incident)
        }
        func ids(_ filter: IncidentFilter) async throws -> [String] {
            try await store.incidents(matching: filter, limit: 100, cursor: nil).items.map(\.id)
        }
        #expect(try await ids(IncidentFilter(feedback: .falsePositive)) == ["inc-5", "inc-4", "inc-1", "inc-0"])
        #expect(try await ids(IncidentFilter(feedback: .truePositive)) == ["inc-6", "inc-2"])
        #expect(try await ids(IncidentFilter(instanceID: hosts[1], feedback: .falsePositive)) == ["inc-5", "inc-1"])
        #expect(
            try await ids(IncidentFilter(from: F.time(1), to: F.time(4), feedback: .falsePositive)) == [
                "inc-4", "inc-1",
            ])

        // Changed back to a true positive, and removed: gone from the false positives.
        var changed = try #require(try await store.incident(id: "inc-5"))
        changed.feedback?.verdict = .truePositive
        try await store.save(changed)
        var cleared = try #require(try await store.incident(id: "inc-0"))
        cleared.feedback = nil
        try await store.save(cleared)
        #expect(try await ids(IncidentFilter(feedback: .falsePositive)) == ["inc-4", "inc-1"])
        #expect(try await ids(IncidentFilter(feedback: .truePositive)) == ["inc-6", "inc-5", "inc-2"])
        let page = try await store.incidents(matching: IncidentFilter(feedback: .falsePositive), limit: 1, cursor: nil)
        let next = try await store.incidents(
            matching: IncidentFilter(feedback: .falsePositive), limit: 1, cursor: page.nextCursor)
        #expect(page.items.map(\.id) == ["inc-4"])
        #expect(next.items.map(\.id) == ["inc-1"])
    }

    static func findsOpenIncident(_ store: any IncidentStore) async throws {
        let host = "i-0aaaaaaaaaaaaaaa1"
        try await store.save(F.incident("inc-1", instance: host, openedAt: F.time(0), status: .resolved))
        #expect(try await store.openIncident(instanceID: host, metric: nil) == nil)
        try await store.save(F.incident("inc-2", instance: host, openedAt: F.time(1), status: .acknowledged))
        try await store.save(F.incident("inc-3", instance: host, metric: .networkIn, openedAt: F.time(2)))
        try await store.save(F.incident("inc-4", instance: host, openedAt: F.time(3), status: .resolved))
        try await store.save(F.incident("inc-5", instance: "i-0bbbbbbbbbbbbbbb2", openedAt: F.time(9)))
        #expect(try await store.openIncident(instanceID: host, metric: nil)?.id == "inc-3")
        #expect(try await store.openIncident(instanceID: host, metric: .cpuUtilization)?.id == "inc-2")
        #expect(try await store.openIncident(instanceID: host, metric: .networkOut) == nil)
        #expect(try await store.openIncident(instanceID: "i-0ccccccccccccccc3", metric: nil) == nil)
        let whole = try await store.openIncident(instanceID: host, metric: .networkIn)
        #expect(whole == F.incident("inc-3", instance: host, metric: .networkIn, openedAt: F.time(2)))
    }

    static func filtersIncidents(_ store: any IncidentStore) async throws {
        let hosts = ["i-0aaaaaaaaaaaaaaa1", "i-0bbbbbbbbbbbbbbb2"]
        var saved: [Incident] = []
        for n in 0..<24 {
            let incident = F.incident(
                "inc-\(n)", instance: hosts[n % 2], openedAt: F.time(Double(n)),
                status: IncidentStatus.allCases[n % 3], severity: Severity.allCases[n % 3 == 0 ? 2 : n % 2],
                findings: n % 3)
            saved.append(incident)
            try await store.save(incident)
        }
        let filters = [
            IncidentFilter(status: .open), IncidentFilter(status: .resolved), IncidentFilter(severity: .critical),
            IncidentFilter(severity: .info), IncidentFilter(instanceID: hosts[1]),
            IncidentFilter(instanceID: "i-0ffffffffffffffff"),
            IncidentFilter(from: saved[5].openedAt, to: saved[9].openedAt),
            IncidentFilter(from: saved[5].openedAt.addingTimeInterval(0.000_01)),
            IncidentFilter(to: saved[20].openedAt.addingTimeInterval(-0.000_01)),
            IncidentFilter(status: .open, severity: .critical, instanceID: hosts[0], from: F.time(3), to: F.time(21)),
        ]
        for filter in filters {
            let expected = saved.filter(filter.matches).sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }
            let page = try await store.incidents(matching: filter, limit: 100, cursor: nil)
            #expect(page.items == expected, "filter \(filter)")
            #expect(page.nextCursor == nil)
            // Read page by page, the same set in the same order.
            #expect(try await store.allIncidents(matching: filter, pageSize: 3) == expected, "filter \(filter), paged")
        }
        // Inclusive bounds, exact to the stored time.
        let window = try await store.incidents(
            matching: IncidentFilter(from: saved[5].openedAt, to: saved[9].openedAt), limit: 100, cursor: nil)
        #expect(window.items.map(\.id) == ["inc-9", "inc-8", "inc-7", "inc-6", "inc-5"])
    }

    /// 4 incidents per timestamp, ids deliberately not in time order.
    static func pagesNewestFirst(_ store: any IncidentStore) async throws {
        var saved: [Incident] = []
        for n in 0..<27 {
            let incident = F.incident("inc-\((n * 7) % 27)", openedAt: F.time(Double(n / 4)), findings: n % 2)
            saved.append(incident)
            try await store.save(incident)
        }
        let expected = saved.sorted { IncidentCursor(incident: $0).precedes(IncidentCursor(incident: $1)) }
        for limit in [1, 4, 5, 9, 27, 30] {
            var seen: [Incident] = []
            var cursor: String?
            var pages = 0
            repeat {
                let page = try await store.incidents(matching: IncidentFilter(), limit: limit, cursor: cursor)
                #expect(page.items.count <= limit)
                if page.nextCursor != nil { #expect(page.items.count == limit) }
                seen += page.items
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 100
            #expect(seen == expected, "limit \(limit)")
            #expect(pages == max(1, (expected.count + limit - 1) / limit), "no empty last page at limit \(limit)")
            #expect(try await store.allIncidents(pageSize: limit) == expected, "allIncidents at limit \(limit)")
        }
        // A cursor made from an incident continues right after it, as the in-memory store's does.
        let cursor = IncidentCursor(incident: expected[10]).encoded
        let rest = try await store.incidents(matching: IncidentFilter(), limit: 100, cursor: cursor)
        #expect(rest.items == Array(expected[11...]))
    }

    static func pagesStayStable(_ store: any IncidentStore) async throws {
        for n in 0..<10 { try await store.save(F.incident("inc-\(n)", openedAt: F.time(Double(n)), findings: 0)) }
        let first = try await store.incidents(matching: IncidentFilter(), limit: 4, cursor: nil)
        // Newer incidents arrive between two page loads: later pages neither repeat nor skip.
        for n in 10..<13 { try await store.save(F.incident("inc-\(n)", openedAt: F.time(Double(n)), findings: 0)) }
        var ids = first.items.map(\.id)
        var cursor = first.nextCursor
        while let next = cursor {
            let page = try await store.incidents(matching: IncidentFilter(), limit: 4, cursor: next)
            ids += page.items.map(\.id)
            cursor = page.nextCursor
        }
        #expect(ids == (0..<10).reversed().map { "inc-\($0)" })
    }

    static func rejectsBadPages(_ store: any IncidentStore) async throws {
        try await store.save(F.incident("inc-1"))
        for bad in ["!!not-a-cursor", "", "bm90IGEgY3Vyc29y", String(repeating: "x", count: 5000)] {
            let error = await #expect(throws: AIOpsError.self, "cursor \(bad.prefix(20))") {
                try await store.incidents(matching: IncidentFilter(), limit: 10, cursor: bad)
            }
            #expect(error?.code == .invalidInput)
        }
        for limit in [0, -1] {
            let error = await #expect(throws: AIOpsError.self, "limit \(limit)") {
                try await store.incidents(matching: IncidentFilter(), limit: limit, cursor: nil)
            }
            #expect(error?.code == .invalidInput)
        }
    }

    static func recordsAnomaliesOnce(_ store: any IncidentStore) async throws {
        let late = F.anomaly(at: F.time(2), value: 99)
        let early = F.anomaly(at: F.time(1), value: 98)
        let otherMetric = F.anomaly(metric: .networkIn, at: F.time(2), value: 5)
        for anomaly in [late, early, late, otherMetric, early] {
            try await store.recordAnomaly(anomaly, incidentID: "inc-1")
        }
        var retried = late
        retried.value = 1  // a redelivered point keeps the first copy
        try await store.recordAnomaly(retried, incidentID: "inc-1")
        try await store.recordAnomaly(late, incidentID: "inc-2")
        #expect(try await store.anomalies(incidentID: "inc-1") == [early, late, otherMetric])
        #expect(try await store.anomalies(incidentID: "inc-2") == [late])
        #expect(try await store.anomalies(incidentID: "inc-3") == [])
    }

    static func keepsSeriesByTime(_ store: any IncidentStore) async throws {
        try await store.appendSeries(
            [F.point(2, value: 30), F.point(0, value: 10), F.point(1, value: 20)], incidentID: "inc-1")
        try await store.appendSeries(
            [F.point(2, value: 95, anomalous: true), F.point(3, value: 96)], incidentID: "inc-1")
        try await store.appendSeries([], incidentID: "inc-1")
        try await store.appendSeries([F.point(0, value: 1)], incidentID: "inc-2")
        let expected = [
            F.point(0, value: 10), F.point(1, value: 20), F.point(2, value: 95, anomalous: true), F.point(3, value: 96),
        ]
        #expect(try await store.series(incidentID: "inc-1") == expected)
        #expect(try await store.series(incidentID: "inc-2") == [F.point(0, value: 1)])
        #expect(try await store.series(incidentID: "inc-9") == [])
        let bare = ScoredPoint(timestamp: F.time(4), value: 50)
        try await store.appendSeries([bare], incidentID: "inc-1")
        #expect(try await store.series(incidentID: "inc-1").last == bare)
    }

    static func replacesSnapshots(_ store: any IncidentStore) async throws {
        #expect(try await store.snapshots() == [])
        let web2 = F.snapshot("i-0aaaaaaaaaaaaaaa1", name: "web-2")
        let web1b = F.snapshot("i-0cccccccccccccccc", name: "web-1")
        let web1a = F.snapshot("i-0bbbbbbbbbbbbbbb2", name: "web-1")
        for snapshot in [web2, web1b, web1a] { try await store.saveSnapshot(snapshot) }
        var degraded = web2
        degraded.health = .critical
        degraded.recent = []
        try await store.saveSnapshot(degraded)
        #expect(try await store.snapshots() == [web1a, web1b, degraded])
    }

    static func claimsOnce(_ store: any IncidentStore) async throws {
        let action = F.action("act-1")
        #expect(try await store.claim(action))
        var duplicate = F.action("act-2", at: F.time(5))
        duplicate.kind = .stopStart
        #expect(try await store.claim(duplicate) == false)
        #expect(try await store.claim(action) == false)
        #expect(try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 10) == [action])
        #expect(try await store.claim(F.action("act-3", incident: "inc-1", key: "inc-1/notify")))
    }

    static func claimsAtomically(_ store: any IncidentStore) async throws {
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<24 { group.addTask { try await store.claim(F.action("act-\(n)", key: "inc-7/reboot")) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
        #expect(try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 100).count == 1)
    }

    static func listsActions(_ store: any IncidentStore) async throws {
        let actions = [
            F.action("act-a", incident: "inc-1", instance: "i-1", key: "k1", at: F.time(1)),
            F.action("act-b", incident: "inc-2", instance: "i-1", key: "k2", at: F.time(3)),
            F.action("act-c", incident: "inc-2", instance: "i-2", key: "k3", at: F.time(2)),
            F.action("act-d", incident: "inc-3", instance: "i-2", key: "k4", at: F.time(3)),
        ]
        for action in actions { #expect(try await store.claim(action)) }
        func ids(_ incident: String?, _ instance: String?, _ since: Date?, _ limit: Int) async throws -> [String] {
            try await store.actions(incidentID: incident, instanceID: instance, since: since, limit: limit).map(\.id)
        }
        #expect(try await ids(nil, nil, nil, 10) == ["act-d", "act-b", "act-c", "act-a"])
        #expect(try await ids(nil, nil, nil, 2) == ["act-d", "act-b"])
        #expect(try await ids(nil, nil, nil, 0) == [])
        #expect(try await ids("inc-2", nil, nil, 10) == ["act-b", "act-c"])
        #expect(try await ids(nil, "i-2", nil, 10) == ["act-d", "act-c"])
        #expect(try await ids("inc-2", "i-2", nil, 10) == ["act-c"])
        #expect(try await ids(nil, nil, F.time(2), 10) == ["act-d", "act-b", "act-c"])
        var verified = actions[0]
        verified.status = .succeeded
        verified.verifiedAt = F.time(9)
        try await store.update(verified)
        #expect(try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 10) == [verified])
        #expect(try await store.claim(F.action("act-z", key: "k1")) == false)
    }

    static func appendsAuditOnce(_ store: any IncidentStore) async throws {
        let records = [
            F.audit("aud-1", incident: "inc-1", at: F.time(1)), F.audit("aud-2", incident: nil, at: F.time(3)),
            F.audit("aud-3", incident: "inc-1", at: F.time(2)), F.audit("aud-0", incident: "inc-2", at: F.time(3)),
        ]
        for record in records + records { try await store.append(record) }
        var rewritten = records[0]
        rewritten.outcome = "rewritten"
        try await store.append(rewritten)
        #expect(try await store.audit(incidentID: nil, limit: 10) == [records[1], records[3], records[2], records[0]])
        #expect(try await store.audit(incidentID: "inc-1", limit: 10) == [records[2], records[0]])
        #expect(try await store.audit(incidentID: nil, limit: 1) == [records[1]])
        #expect(try await store.audit(incidentID: nil, limit: 0) == [])
    }

    static func marksHandledOnce(_ store: any IncidentStore) async throws {
        #expect(try await store.markHandled(eventID: "evt-1", at: F.time(0)))
        #expect(try await store.markHandled(eventID: "evt-1", at: F.time(1)) == false)
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<16 { group.addTask { try await store.markHandled(eventID: "evt-2", at: F.time(2)) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    static func keepsCheckpoints(_ store: any IncidentStore) async throws {
        #expect(try await store.checkpoint("last-cycle") == nil)
        try await store.setCheckpoint("last-cycle", "2026-11-25T14:00:00Z")
        try await store.setCheckpoint("other", "")
        try await store.setCheckpoint("last-cycle", "2026-11-25T14:05:00Z")
        #expect(try await store.checkpoint("last-cycle") == "2026-11-25T14:05:00Z")
        #expect(try await store.checkpoint("other") == "")
    }
}
