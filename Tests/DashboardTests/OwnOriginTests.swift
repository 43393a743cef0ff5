import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Dashboard

/// The own-origin rule of a dashboard without a token, over a real socket: foreign `Host`,
/// foreign `Origin` and non-JSON bodies are refused; the dashboard's own pages and non-browser
/// clients still work; with a token nothing changes.
@Suite("The own-origin rule")
struct OwnOriginTests {
    static func openIncident(_ fixture: DashboardFixture) async throws -> String {
        try #require(
            try await fixture.store.incidents(matching: IncidentFilter(status: .open), limit: 1, cursor: nil).items
                .first
        ).id
    }

    @Test("foreign Origin, foreign Host, text/plain body → 403/403/415; same-origin and no-Origin still work")
    func withoutAToken() async throws {
        var open = try await DashboardFixture().seeded(4)
        open.token = nil
        let fixture = open
        let id = try await Self.openIncident(fixture)
        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let own = "http://127.0.0.1:\(port)"
            let path = "/api/v1/incidents/\(id)"
            let json = [("Content-Type", "application/json")]
            let body = Data(#"{"verdict":"false_positive","note":"from evil.example"}"#.utf8)
            func send(
                _ method: String, _ path: String, body: Data = Data(), host: String? = nil,
                _ headers: [(String, String)]
            )
                async throws -> (status: Int, body: Data)
            {
                // On a thread of its own: the blocking call must not hold one of the few threads
                // the server's own handlers run on (on 2 cores, a loaded run starved them).
                let reply = await withCheckedContinuation { continuation in
                    Thread {
                        continuation.resume(
                            returning: LoopbackHTTPClient.request(
                                port: port, method: method, path: path, body: body, timeoutSeconds: 60, host: host,
                                headers: headers))
                    }.start()
                }
                return try #require(reply, "\(method) \(path) \(headers): no reply")
            }

            // A page of another site posting to the dashboard.
            for origin in [
                "http://evil.example", "null", "http://127.0.0.1:\(port + 1)", "http://localhost.evil.example:\(port)",
            ] {
                let reply = try await send("POST", path + "/feedback", body: body, json + [("Origin", origin)])
                #expect(reply.status == 403, "Origin \(origin)")
                #expect(String(decoding: reply.body, as: UTF8.self).contains("another web page"))
            }
            let crossSite = try await send("POST", path + "/resolve", [("Sec-Fetch-Site", "cross-site")])
            #expect(crossSite.status == 403)
            // A DNS-rebound name: nothing is served, not even pages or reads.
            for (method, route) in [("GET", "/api/v1/incidents"), ("GET", "/"), ("POST", path + "/resolve")] {
                let reply = try await send(method, route, host: "evil.example:\(port)", [])
                #expect(reply.status == 403, "\(method) \(route) as evil.example")
            }
            // A form post (text/plain), with our own Origin or none: 415.
            for headers in [[("Content-Type", "text/plain"), ("Origin", own)], [("Content-Type", "text/plain")], []] {
                let reply = try await send("POST", path + "/feedback", body: body, headers)
                #expect(reply.status == 415, "\(headers)")
                #expect(String(decoding: reply.body, as: UTF8.self).contains("unsupported_media_type"))
            }
            #expect(await fixture.store.incident(id: id)?.status == .open, "nothing refused changed anything")
            #expect(await fixture.store.incident(id: id)?.feedback == nil)

            // The dashboard's own page (same Origin, JSON), and a client that sends no Origin.
            let acknowledged = try await send(
                "POST", path + "/acknowledge", [("Origin", own), ("Sec-Fetch-Site", "same-origin")])
            #expect(acknowledged.status == 200)
            #expect(await fixture.store.incident(id: id)?.status == .acknowledged)
            let feedback = try await send("POST", path + "/feedback", body: body, json + [("Origin", own)])
            #expect(feedback.status == 200)
            #expect(await fixture.store.incident(id: id)?.feedback?.verdict == .falsePositive)
            let resolved = try await send("POST", path + "/resolve", [])
            #expect(resolved.status == 200)
            for host in ["localhost:\(port)", "[::1]:\(port)", "127.0.0.1"] {
                #expect(try await send("GET", "/api/v1/incidents", host: host, []).status == 200, "\(host)")
            }
        }
    }

    @Test("with a token, Host and Origin are not looked at")
    func withAToken() async throws {
        let fixture = try await DashboardFixture().seeded(2)
        let id = try await Self.openIncident(fixture)
        try await fixture.application().test(.router) { client in
            var headers = fixture.authorized
            headers[.origin] = "https://elsewhere.example"
            headers[HTTPField.Name("Host")!] = "dashboard.example.com"
            headers[.contentType] = "text/plain"
            try await client.execute(
                uri: "/api/v1/incidents/\(id)/acknowledge", method: .post, headers: headers
            ) { #expect($0.status == .ok) }
        }
        #expect(await fixture.store.incident(id: id)?.status == .acknowledged)
    }

    @Test("loopback names and same-origin checks")
    func names() {
        for name in [
            "127.0.0.1", "127.0.0.1:8080", "localhost", "LOCALHOST:1", "[::1]:8080", "127.1.2.3", "a.localhost",
        ] {
            #expect(OwnOriginMiddleware.isLoopback(authority: name), "\(name)")
        }
        for name in [
            "evil.example", "127.0.0.1.evil.example", "localhost.evil.example", "10.0.0.1", "0.0.0.0", "[::2]", "",
        ] {
            #expect(!OwnOriginMiddleware.isLoopback(authority: name), "\(name)")
        }
        #expect(OwnOriginMiddleware.isSameOrigin("http://127.0.0.1:8080", host: "127.0.0.1:8080"))
        #expect(!OwnOriginMiddleware.isSameOrigin("http://127.0.0.1:8081", host: "127.0.0.1:8080"))
        #expect(!OwnOriginMiddleware.isSameOrigin("http://127.0.0.1:8080", host: nil))
        #expect(OwnOriginMiddleware.isJSON("application/json; charset=utf-8"))
        #expect(OwnOriginMiddleware.isJSON("application/merge-patch+json"))
        #expect(!OwnOriginMiddleware.isJSON("text/plain"))
        #expect(!OwnOriginMiddleware.isJSON(nil))
    }
}
