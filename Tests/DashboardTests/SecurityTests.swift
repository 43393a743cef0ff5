import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Dashboard

@Suite("Auth, security headers and pages")
struct SecurityTests {
    static let apiRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/v1/incidents"), (.get, "/api/v1/incidents/x"), (.post, "/api/v1/incidents/x/acknowledge"),
        (.post, "/api/v1/incidents/x/resolve"), (.post, "/api/v1/incidents/x/feedback"), (.get, "/api/v1/instances"),
        (.get, "/api/v1/instances/x/metrics"), (.get, "/api/v1/actions"), (.get, "/api/v1/events"),
        (.get, "/api/v1/silences"), (.post, "/api/v1/silences"), (.post, "/api/v1/silences/x/expire"),
    ]

    @Test("every API route needs the bearer token; a wrong one or another scheme is a 401")
    func tokenRequired() async throws {
        let fixture = try await DashboardFixture().seeded(2)
        try await fixture.application().test(.router) { client in
            for (method, path) in Self.apiRoutes {
                for header in [nil, "Bearer wrong-token", "Basic \(DashboardFixture.token)", "Bearer", "bearer  "] {
                    var headers: HTTPFields = [:]
                    if let header { headers[.authorization] = header }
                    try await client.execute(uri: path, method: method, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(method) \(path) with \(header ?? "none")")
                        #expect(response.errorCode == "unauthorized")
                        #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"aiops\"")
                    }
                }
            }
            try await client.execute(
                uri: "/api/v1/instances", method: .get,
                headers: [.authorization: "bearer \(DashboardFixture.token)"]
            ) { #expect($0.status == .ok, "the scheme is case-insensitive") }
            for path in ["/api/v1/openapi.json", "/", "/fleet", "/incidents/x", "/static/dashboard.js", "/healthz"] {
                try await client.execute(uri: path, method: .get) {
                    #expect($0.status == .ok, "\(path) needs no token")
                }
            }
        }
    }

    @Test("without a token configured, the API is open (loopback only)")
    func noToken() async throws {
        var open = try await DashboardFixture().seeded(2)
        open.token = nil
        let fixture = open
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/incidents", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test("the server refuses a non-loopback address without a token")
    func refusesOpenBinding() throws {
        for host in ["0.0.0.0", "192.0.2.10", "::", "example.internal"] {
            #expect(throws: DashboardError.self, "\(host)") {
                try DashboardConfiguration(host: host).validate(token: nil)
            }
            #expect(throws: DashboardError.self) { try DashboardConfiguration(host: host).validate(token: "") }
            try DashboardConfiguration(host: host).validate(token: "secret")
        }
        for host in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
            try DashboardConfiguration(host: host).validate(token: nil)
        }
        var fixture = DashboardFixture()
        fixture.token = nil
        let dependencies = try fixture.dependencies()
        #expect(throws: DashboardError.self) {
            _ = try buildApplication(dependencies, configuration: DashboardConfiguration(host: "0.0.0.0", port: 0))
        }
    }

    @Test("every answer carries the security headers: CSP without inline script, nosniff, no framing")
    func securityHeaders() async throws {
        let fixture = try await DashboardFixture().seeded(1)
        try await fixture.application().test(.router) { client in
            for (path, headers) in [
                ("/", HTTPFields()), ("/api/v1/incidents", fixture.authorized), ("/api/v1/incidents", HTTPFields()),
                ("/nowhere", HTTPFields()), ("/static/incidents.js", HTTPFields()),
            ] {
                try await client.execute(uri: path, method: .get, headers: headers) { response in
                    let csp = try #require(response.headers[.contentSecurityPolicy], "\(path)")
                    #expect(csp.contains("script-src 'self'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(csp.contains("frame-ancestors 'none'"))
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                }
            }
        }
    }

    @Test("pages are HTML with titles and headings that say what they are; static files are an allow-list")
    func pages() async throws {
        let fixture = DashboardFixture()
        try await fixture.application().test(.router) { client in
            for (path, title) in [("/", "Incidents"), ("/fleet", "Fleet"), ("/incidents/inc-1", "Incident")] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.text.contains("<title>\(title) · aiops dashboard</title>"))
                    #expect(response.text.contains("<h1"))
                    #expect(!response.text.contains("<script>"), "no inline script")
                }
            }
            for path in ["/static/..%2FPackage.swift", "/static/index.html", "/static/missing.js", "/static/"] {
                try await client.execute(uri: path, method: .get) { #expect($0.status == .notFound, "\(path)") }
            }
            try await client.execute(uri: "/static/dashboard.css", method: .get) {
                #expect($0.headers[.contentType] == "text/css; charset=utf-8")
            }
        }
    }

    @Test("the page scripts insert text only as text: no innerHTML, no eval, no inline handlers")
    func scriptsUseTextOnly() throws {
        let folder = Paths.dashboardResources
        for name in DashboardResources.required where name.hasSuffix(".js") || name.hasSuffix(".html") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            for banned in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
                #expect(!text.contains(banned), "\(name) uses \(banned)")
            }
            #expect(text.range(of: #"\son[a-z]+\s*="#, options: .regularExpression) == nil, "\(name): inline handler")
        }
    }

    @Test("the token comparison accepts exactly the token")
    func tokenComparison() {
        #expect(BearerTokenMiddleware.matches("Bearer abc", token: "abc"))
        #expect(BearerTokenMiddleware.matches("BEARER abc", token: "abc"))
        #expect(!BearerTokenMiddleware.matches("Bearer abcd", token: "abc"))
        #expect(!BearerTokenMiddleware.matches("Bearer ab", token: "abc"))
        #expect(!BearerTokenMiddleware.matches("Bearer ", token: ""))
        #expect(!BearerTokenMiddleware.matches("abc", token: "abc"))
    }
}
