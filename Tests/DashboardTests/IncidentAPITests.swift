import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Dashboard

@Suite("Incidents API")
struct IncidentAPITests {
    @Test("the list is newest first, 50 by default, and pages by cursor without gaps or repeats")
    func listPaginates() async throws {
        let fixture = try await DashboardFixture().seeded(120)
        try await fixture.application().test(.router) { client in
            var seen: [API.IncidentSummary] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/api/v1/incidents?limit=50" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try await client.execute(uri: uri, method: .get, headers: fixture.authorized) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    return try response.decode(API.IncidentPage.self)
                }
                #expect(page.items.count <= 50)
                seen += page.items
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(seen.count == 120)
            #expect(Set(seen.map(\.id)).count == 120)
            #expect(seen.map(\.openedAt) == seen.map(\.openedAt).sorted(by: >))
            let first = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: fixture.authorized) {
                try $0.decode(API.IncidentPage.self)
            }
            #expect(first.items.count == 50)
            #expect(first.items.first?.id == seen.first?.id)
        }
    }

    @Test("filters by status, severity, instance and time window")
    func listFilters() async throws {
        let fixture = try await DashboardFixture().seeded(60)
        let all = try await fixture.store.incidents(matching: IncidentFilter(), limit: 1000, cursor: nil).items
        let instance = fixture.fleet.instances[2].id
        let from = DashboardFixture.now.addingTimeInterval(-6 * 3600)
        let to = DashboardFixture.now.addingTimeInterval(-2 * 3600)
        let cases: [(String, @Sendable (Incident) -> Bool)] = [
            ("status=resolved", { $0.status == .resolved }),
            ("status=open", { $0.status == .open }),
            ("severity=critical", { $0.severity == .critical }),
            ("instance=\(instance)", { $0.instanceID == instance }),
            ("from=\(ISO8601.string(from: from))", { $0.openedAt >= from }),
            (
                "from=\(ISO8601.string(from: from))&to=\(ISO8601.string(from: to))&severity=warning",
                {
                    $0.openedAt >= from && $0.openedAt <= to && $0.severity == .warning
                }
            ),
        ]
        try await fixture.application().test(.router) { client in
            for (query, predicate) in cases {
                let expected = all.filter(predicate).map(\.id)
                #expect(!expected.isEmpty, "the sample data has incidents for \(query)")
                let page = try await client.execute(
                    uri: "/api/v1/incidents?limit=500&\(query)", method: .get, headers: fixture.authorized
                ) { try $0.decode(API.IncidentPage.self) }
                #expect(Set(page.items.map(\.id)) == Set(expected), "\(query)")
            }
        }
    }

    @Test(
        "bad list parameters are a 400 naming the parameter",
        arguments: [
            "status=closed", "severity=high", "limit=0", "limit=501", "limit=ten", "from=yesterday",
            "from=2026-11-25T12:00:00Z&to=2026-11-24T12:00:00Z", "cursor=%%%", "cursor=bm90LWEtY3Vyc29y",
            "status=open&status=resolved", "instance=", "to=2026-13-01",
        ])
    func listRejectsBadParameters(query: String) async throws {
        let fixture = try await DashboardFixture().seeded(5)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/incidents?\(query)", method: .get, headers: fixture.authorized) {
                response in
                #expect(response.status == .badRequest, "\(query)")
                #expect(response.errorCode == "invalid_parameter")
                let message = try #require((try response.json()["error"] as? [String: Any])?["message"] as? String)
                let name = String(query.prefix { $0 != "=" })
                #expect(message.contains("'\(name)'"), "the message names the parameter: \(message)")
            }
        }
    }

    @Test("the detail has the anomaly, the scored series with its band, findings with log lines, actions and audit")
    func detail() async throws {
        let fixture = try await DashboardFixture().seeded(20)
        let critical = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(severity: .critical), limit: 1, cursor: nil)
                .items
                .first)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/incidents/\(critical.id)", method: .get, headers: fixture.authorized)
            {
                response in
                #expect(response.status == .ok)
                let detail = try response.decode(API.IncidentDetail.self)
                #expect(detail.incident.id == critical.id)
                #expect(detail.incident.anomaly.timestamp == critical.anomaly.timestamp)
                #expect(detail.series.count == 61)
                #expect(detail.series.contains { $0.isAnomaly })
                #expect(detail.series.allSatisfy { $0.expected != nil })
                #expect(detail.anomalies.count == critical.anomalyCount)
                #expect(detail.incident.findings.first?.examples.first?.contains("OutOfMemoryError") == true)
                #expect(detail.actions.map(\.kind) == ["reboot"])
                #expect(detail.audit.contains { $0.actor == "remediation" })
                let json = try response.json()
                let band = ((json["series"] as? [[String: Any]])?.first?["expected"] as? [String: Any])
                #expect(band?["low"] is Double && band?["high"] is Double, "the band is {low, high}")
            }
        }
    }

    @Test("unknown incident ids are a 404 on every incident route")
    func unknownIncident() async throws {
        let fixture = try await DashboardFixture().seeded(3)
        try await fixture.application().test(.router) { client in
            for (method, path) in [
                (HTTPRequest.Method.get, ""), (.post, "/acknowledge"), (.post, "/resolve"), (.post, "/feedback"),
            ] {
                let body = ByteBuffer(string: #"{"verdict":"true_positive"}"#)
                try await client.execute(
                    uri: "/api/v1/incidents/inc-nope\(path)", method: method, headers: fixture.authorized, body: body
                ) { response in
                    #expect(response.status == .notFound, "\(method) \(path)")
                    #expect(response.errorCode == "not_found")
                }
            }
            try await client.execute(uri: "/api/v1/nothing-here", method: .get, headers: fixture.authorized) {
                #expect($0.status == .notFound)
                #expect($0.errorCode == "not_found")
            }
        }
    }

    @Test("acknowledge and resolve change the status, are audited and stored; acknowledging a resolved one conflicts")
    func acknowledgeAndResolve() async throws {
        let fixture = try await DashboardFixture().seeded(10)
        let open = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(status: .open), limit: 1, cursor: nil).items
                .first)
        try await fixture.application().test(.router) { client in
            let path = "/api/v1/incidents/\(open.id)"
            fixture.clock.advance(by: 60)
            let acknowledged = try await client.execute(
                uri: path + "/acknowledge", method: .post, headers: fixture.authorized
            ) {
                #expect($0.status == .ok)
                return try $0.decode(API.Incident.self)
            }
            #expect(acknowledged.status == "acknowledged")
            #expect(acknowledged.updatedAt == fixture.clock.now())
            // Twice changes nothing and audits once.
            try await client.execute(uri: path + "/acknowledge", method: .post, headers: fixture.authorized) {
                #expect($0.status == .ok)
            }
            fixture.clock.advance(by: 60)
            let resolved = try await client.execute(uri: path + "/resolve", method: .post, headers: fixture.authorized)
            {
                try $0.decode(API.Incident.self)
            }
            #expect(resolved.status == "resolved")
            #expect(resolved.resolvedAt == fixture.clock.now())
            try await client.execute(uri: path + "/acknowledge", method: .post, headers: fixture.authorized) {
                #expect($0.status == .conflict)
                #expect($0.errorCode == "conflict")
            }
        }
        let stored = try #require(await fixture.store.incident(id: open.id))
        #expect(stored.status == .resolved)
        let audit = await fixture.store.audit(incidentID: open.id, limit: 50).filter { $0.actor == "api" }
        #expect(audit.map(\.action).sorted() == ["acknowledge", "resolve"])
    }

    @Test("an acknowledgement racing the pipeline's writes stands, and their writes are all kept")
    func acknowledgementRacingPipelineWrites() async throws {
        let fixture = try await DashboardFixture().seeded(4)
        let store = fixture.store
        let open = try #require(
            try await store.incidents(matching: IncidentFilter(status: .open), limit: 1, cursor: nil).items.first)
        try await fixture.application().test(.router) { client in
            // Sixteen analysis-like writers count an anomaly each while the person acknowledges.
            let pipeline = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<16 {
                        group.addTask {
                            _ = try await store.update(incidentID: open.id) { incident in
                                incident.anomalyCount += 1
                                return true
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let acknowledged = try await client.execute(
                uri: "/api/v1/incidents/\(open.id)/acknowledge", method: .post, headers: fixture.authorized
            ) {
                #expect($0.status == .ok)
                return try $0.decode(API.Incident.self)
            }
            #expect(acknowledged.status == "acknowledged")
            try await pipeline.value
        }
        let stored = try #require(await store.incident(id: open.id))
        #expect(stored.status == .acknowledged)
        #expect(stored.anomalyCount == open.anomalyCount + 16)
        #expect(stored.version == open.version + 17)
        // A write of a copy read before the acknowledgement is refused, not applied.
        var stale = open
        stale.summary = "written from an old copy"
        #expect(await store.saveIfUnchanged(stale) == nil)
        #expect(await store.incident(id: open.id)?.status == .acknowledged)
    }

    @Test("feedback is stored, audited and shown in the detail")
    func feedback() async throws {
        let fixture = try await DashboardFixture().seeded(4)
        let incident = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(), limit: 1, cursor: nil).items.first)
        try await fixture.application().test(.router) { client in
            let body = ByteBuffer(string: #"{"verdict":"false_positive","note":"a planned load test"}"#)
            try await client.execute(
                uri: "/api/v1/incidents/\(incident.id)/feedback", method: .post,
                headers: fixture.jsonHeaders, body: body
            ) { response in
                #expect(response.status == .ok)
                let changed = try response.decode(API.Incident.self)
                #expect(changed.feedback?.verdict == "false_positive")
                #expect(changed.feedback?.note == "a planned load test")
            }
            try await client.execute(uri: "/api/v1/incidents/\(incident.id)", method: .get, headers: fixture.authorized)
            {
                let detail = try $0.decode(API.IncidentDetail.self)
                #expect(detail.incident.feedback?.verdict == "false_positive")
                #expect(detail.audit.contains { $0.action == "feedback" && $0.outcome == "false_positive" })
            }
        }
        #expect(await fixture.store.incident(id: incident.id)?.feedback?.verdict == .falsePositive)
    }

    @Test(
        "bad feedback bodies are a 400",
        arguments: [
            "", "not json", "[]", "{}", #"{"verdict":"maybe"}"#, #"{"verdict":1}"#,
            #"{"verdict":"true_positive","note":5}"#,
            #"{"verdict":"true_positive","note":"\#(String(repeating: "x", count: 2001))"}"#,
        ])
    func feedbackRejectsBadBodies(body: String) async throws {
        let fixture = try await DashboardFixture().seeded(2)
        let incident = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(), limit: 1, cursor: nil).items.first)
        try await fixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/incidents/\(incident.id)/feedback", method: .post, headers: fixture.authorized,
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .badRequest, "\(body.prefix(40))")
                #expect(response.errorCode == "invalid_body")
            }
        }
        #expect(await fixture.store.incident(id: incident.id)?.feedback == nil)
    }

    @Test("a body over 64 KiB is refused with 413")
    func feedbackTooLarge() async throws {
        let fixture = try await DashboardFixture().seeded(1)
        let incident = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(), limit: 1, cursor: nil).items.first)
        try await fixture.application().test(.router) { client in
            let body = ByteBuffer(
                string: #"{"verdict":"true_positive","note":""# + String(repeating: "y", count: 70_000) + "\"}")
            try await client.execute(
                uri: "/api/v1/incidents/\(incident.id)/feedback", method: .post, headers: fixture.authorized, body: body
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.errorCode == "payload_too_large")
            }
        }
    }
}
