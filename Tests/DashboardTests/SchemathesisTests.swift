import Foundation
import TestSupport
import Testing

/// Schemathesis (PyPI) generates requests from the OpenAPI document against a live `aiops serve`
/// with seeded data, and checks that no answer is a server error or breaks the document's schemas.
@Suite("Schemathesis against aiops serve", .serialized, .timeLimit(.minutes(10)))
struct SchemathesisTests {
    static let token = "schemathesis-token"

    @Test("no server error and no answer that violates the schema, valid and invalid input alike")
    func conformsToTheDocument() async throws {
        let schemathesis = Paths.venvPython.deletingLastPathComponent().appendingPathComponent("schemathesis")
        try #require(
            FileManager.default.isExecutableFile(atPath: schemathesis.path),
            "schemathesis is not installed at \(schemathesis.path): run scripts/install-test-deps.sh")
        let server = try await ServerProcess([
            "serve", "--host", "127.0.0.1", "--port", "0", "--token", Self.token, "--seed", "300",
        ])
        defer { server.stop() }
        let base = server.url.absoluteString.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        let reports = try TemporaryDirectory("schemathesis")
        let result = try Subprocess.run(
            schemathesis,
            [
                "run", "\(base)/api/v1/openapi.json", "--url", base,
                "--header", "Authorization: Bearer \(Self.token)",
                // All checks but positive_data_acceptance, which takes every schema-valid request
                // for a valid one: a cursor this server never issued, or `from` after `to`, are
                // schema-valid strings but bad parameters (400), as the document says in words.
                "--checks", "all", "--exclude-checks", "positive_data_acceptance", "--mode", "all", "--max-examples",
                "25", "--seed", "20261125",
                "--generation-deterministic",
                "--exclude-operation-id", "incidentEvents", "--exclude-operation-id", "slackInteractions",
                "--request-timeout", "10", "--workers", "1", "--no-color",
                "--report", "junit", "--report-dir", reports.url.path,
            ],
            currentDirectory: reports.url, timeout: 540)
        let summary = result.stdout.split(separator: "\n").suffix(40).joined(separator: "\n")
        #expect(
            result.status == 0,
            "schemathesis found problems:\n\(result.stdout.suffix(8000))\n\(result.stderr.suffix(2000))")
        #expect(!result.stdout.contains("Server error"), "\(summary)")
        #expect(
            server.stderr.contains("request failed") == false,
            "the server logged a failure: \(server.stderr.suffix(2000))")
    }
}
