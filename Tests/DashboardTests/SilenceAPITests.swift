import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import Dashboard

@Suite("Silences API")
struct SilenceAPITests {
    static let now = DashboardFixture.now

    /// Created, listed as active or upcoming, ended, gone from the list; each step audited. On a
    /// live server (a real socket).
    @Test("silences are created, listed, expired and audited")
    func lifecycle() async throws {
        let fixture = try await DashboardFixture().seeded(2)
        try await fixture.application().test(.live) { client in
            let start = ISO8601.string(from: Self.now.addingTimeInterval(-600))
            let end = ISO8601.string(from: Self.now.addingTimeInterval(3000))
            let once = try await create(
                client, fixture,
                #"{"matchers":["tag:Role=db","metric=CPUUtilization"],"window":{"kind":"once","start":"\#(start)","end":"\#(end)"},"owner":"alice","reason":"patching db-1"}"#
            )
            #expect(once.state == "active")
            #expect(once.expiresAt == Self.now.addingTimeInterval(3000), "a one-off window expires at its end")
            #expect(once.matchers == ["tag:Role=db", "metric=CPUUtilization"])
            let expires = ISO8601.string(from: Self.now.addingTimeInterval(30 * 86_400))
            let weekly = try await create(
                client, fixture,
                #"{"matchers":["instance=i-1"],"window":{"kind":"weekly","weekday":"sunday","at":"02:00","durationMinutes":60,"timeZone":"Europe/Berlin"},"owner":"bob","reason":"kernel patch","expiresAt":"\#(expires)"}"#
            )
            #expect(weekly.state == "upcoming")
            // 2026-11-25 is a Wednesday: next Sunday 02:00 CET is 01:00 UTC on the 29th.
            #expect(weekly.nextStart == ISO8601.date(from: "2026-11-29T01:00:00Z"))
            #expect(try await list(client, fixture).map(\.id) == [once.id, weekly.id])

            try await client.execute(
                uri: "/api/v1/silences/\(once.id)/expire", method: .post, headers: fixture.authorized
            ) { response in
                #expect(response.status == .ok)
                let ended = try response.decode(API.Silence.self)
                #expect(ended.state == "ended")
                #expect(ended.expiredBy == "api")
            }
            #expect(try await list(client, fixture).map(\.id) == [weekly.id])
            try await client.execute(
                uri: "/api/v1/silences/sil-none/expire", method: .post, headers: fixture.authorized
            ) { response in
                #expect(response.status == .notFound)
                #expect(response.errorCode == "not_found")
            }
        }
        let trail = await fixture.store.audit(incidentID: nil, limit: 50)
        #expect(trail.filter { $0.action == "silence" }.count == 2)
        #expect(trail.filter { $0.action == "unsilence" }.count == 1)
    }

    /// Each bad body is a 400 that names what is wrong, and nothing is stored.
    @Test("a bad silence is a clear 400, never a 500, and stores nothing")
    func refusesBadBodies() async throws {
        let fixture = DashboardFixture()
        let start = ISO8601.string(from: Self.now)
        let end = ISO8601.string(from: Self.now.addingTimeInterval(3600))
        let once = #"{"kind":"once","start":"\#(start)","end":"\#(end)"}"#
        let cases: [(String, String)] = [
            ("not json", "must be a JSON object"),
            (#"{"matchers":[],"window":\#(once),"owner":"a","reason":"r"}"#, "at least one matcher"),
            (#"{"matchers":["colour=red"],"window":\#(once),"owner":"a","reason":"r"}"#, "unknown field"),
            (#"{"matchers":["instance=i-1"],"window":\#(once),"owner":" ","reason":"r"}"#, "needs an owner"),
            (#"{"matchers":["instance=i-1"],"window":\#(once),"reason":"r"}"#, "owner"),
            (
                #"{"matchers":["instance=i-1"],"window":{"kind":"daily","at":"02:00","durationMinutes":60,"timeZone":"Nowhere/Land"},"owner":"a","reason":"r","expiresAt":"\#(end)"}"#,
                "IANA time zone"
            ),
            (
                #"{"matchers":["instance=i-1"],"window":{"kind":"daily","at":"02:00","durationMinutes":60,"timeZone":"UTC"},"owner":"a","reason":"r"}"#,
                "needs 'expiresAt'"
            ),
            (
                #"{"matchers":["instance=i-1"],"window":{"kind":"once","start":"\#(end)","end":"\#(start)"},"owner":"a","reason":"r"}"#,
                "must come after its start"
            ),
            (
                #"{"matchers":["instance=i-1"],"window":\#(once),"owner":"a","reason":"r","expiresAt":"2020-01-01T00:00:00Z"}"#,
                "expiry must be in the future"
            ),
        ]
        try await fixture.application().test(.router) { client in
            for (body, message) in cases {
                try await client.execute(
                    uri: "/api/v1/silences", method: .post, headers: fixture.jsonHeaders, body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    let text = String(buffer: response.body)
                    #expect(text.contains(message), "\(body) → \(text)")
                }
            }
        }
        #expect(await fixture.store.silences(expiringAfter: .distantPast).isEmpty)
    }

    @Test("an incident's silenced mark is in the list and the detail")
    func incidentsShowSilenced() async throws {
        let fixture = try await DashboardFixture().seeded(3)
        var first = try #require(
            try await fixture.store.incidents(matching: IncidentFilter(), limit: 1, cursor: nil).items.first)
        first.silenced = true
        await fixture.store.save(first)
        let incident = first
        try await fixture.application().test(.router) { client in
            let page = try await client.execute(uri: "/api/v1/incidents", method: .get, headers: fixture.authorized) {
                try $0.decode(API.IncidentPage.self)
            }
            #expect(page.items.filter(\.silenced).map(\.id) == [incident.id])
            try await client.execute(uri: "/api/v1/incidents/\(incident.id)", method: .get, headers: fixture.authorized)
            {
                let detail = try $0.decode(API.IncidentDetail.self)
                #expect(detail.incident.silenced)
            }
        }
    }

    private func create(_ client: some TestClientProtocol, _ fixture: DashboardFixture, _ body: String) async throws
        -> API.Silence
    {
        try await client.execute(
            uri: "/api/v1/silences", method: .post, headers: fixture.jsonHeaders, body: ByteBuffer(string: body)
        ) { response in
            #expect(response.status == .ok, "\(String(buffer: response.body))")
            return try response.decode(API.Silence.self)
        }
    }

    private func list(_ client: some TestClientProtocol, _ fixture: DashboardFixture) async throws -> [API.Silence] {
        try await client.execute(uri: "/api/v1/silences", method: .get, headers: fixture.authorized) {
            #expect($0.status == .ok)
            return try $0.decode(API.SilenceList.self).items
        }
    }
}
