import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

@testable import Dashboard

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let file = Paths.dashboardResources.appendingPathComponent("openapi.json")

    @Test(
        "it is OpenAPI 3.1 and describes every route served under /api/v1 and /healthz, no more; other methods answer 405"
    )
    func describesEveryRoute() async throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var described = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { described.insert("\(method.uppercased()) \(path)") }
        }
        let fixture = try await DashboardFixture().seeded(1)
        let router = buildRouter(try fixture.dependencies())
        let routes = router.routes.map { route -> (method: HTTPRequest.Method, path: String) in
            let path = route.path.description.split(separator: "/").map { segment in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return (route.method, "/" + path)
        }.filter { $0.path.hasPrefix("/api/v1") || $0.path == "/healthz" }
        let served = Set(routes.map { "\($0.method) \($0.path)" })
        #expect(
            served == described,
            "served but not described: \(served.subtracting(described)); described but not served: \(described.subtracting(served))"
        )
        #expect(described.count == 20)
        try await fixture.application().test(.router) { client in
            for path in Set(routes.map(\.path)) {
                let uri = path.replacingOccurrences(of: "{id}", with: "x")
                let allowed = routes.filter { $0.path == path }.map(\.method)
                for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete, .trace, .options, .init("QUERY")!]
                where !allowed.contains(method) {
                    try await client.execute(uri: uri, method: method, headers: fixture.authorized) { response in
                        #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                        #expect(response.headers[.allow] == allowed.map(\.rawValue).sorted().joined(separator: ", "))
                    }
                }
            }
        }
    }

    @Test("every operation has an id and a 200 answer; every parameter has a schema")
    func operationsAreComplete() throws {
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.file)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for (path, operations) in paths {
            for (method, operation) in operations {
                #expect(operation["operationId"] is String, "\(method) \(path)")
                #expect((operation["responses"] as? [String: Any])?["200"] != nil, "\(method) \(path)")
                for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
                    #expect(parameter["schema"] != nil, "\(method) \(path) \(parameter["name"] ?? "?")")
                }
            }
        }
    }

    @Test("openapi-spec-validator accepts it")
    func validates() throws {
        let python = Paths.venvPython
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "no test virtualenv at \(python.path): run scripts/install-test-deps.sh")
        let script = """
            import json, sys
            from openapi_spec_validator import validate
            with open(sys.argv[1]) as f:
                spec = json.load(f)
            validate(spec)
            print("valid", spec["openapi"])
            """
        let result = try Subprocess.run(python, ["-c", script, Self.file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid 3.1.0"))
    }

    @Test("the served document is the committed file")
    func served() async throws {
        let fixture = DashboardFixture()
        let committed = try Data(contentsOf: Self.file)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Data(response.body.readableBytesView) == committed)
            }
        }
    }
}
