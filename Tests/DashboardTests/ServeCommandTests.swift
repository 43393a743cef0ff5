import Foundation
import TestSupport
import Testing

/// `aiops serve` as a person runs it.
@Suite("aiops serve")
struct ServeCommandTests {
    @Test("refuses to listen beyond loopback without a token, saying what to do")
    func refusesOpenAddressWithoutToken() throws {
        let result = try Subprocess.aiops(
            ["serve", "--host", "0.0.0.0", "--port", "0"], environment: ["AIOPS_API_TOKEN": ""], timeout: 60)
        #expect(result.status != 0)
        #expect(result.stderr.contains("--api-token or AIOPS_API_TOKEN"), "\(result.stderr)")
        #expect(!result.stdout.contains("dashboard: http"))
    }

    @Test("takes the token from AIOPS_API_TOKEN and asks every API request for it")
    func tokenFromEnvironment() async throws {
        let server = try await ServerProcess(
            ["serve", "--host", "127.0.0.1", "--port", "0", "--seed", "3"],
            environment: ["AIOPS_API_TOKEN": "env-token"])
        defer { server.stop() }
        let port = try #require(server.url.port)
        let (_, status) = try Self.get("http://127.0.0.1:\(port)/api/v1/incidents")
        #expect(status == 401)
        let (body, authorized) = try Self.get("http://127.0.0.1:\(port)/api/v1/incidents", token: "env-token")
        #expect(authorized == 200)
        #expect(body.contains("\"items\""))
    }

    @Test("a store file that is not SQLite is a clear error, not a crash")
    func badDatabase() throws {
        let folder = try TemporaryDirectory("serve")
        let file = try folder.write("notes.txt", "these are not incidents\n")
        let result = try Subprocess.aiops(["serve", "--port", "0", "--db", file.path], timeout: 60)
        #expect(result.status != 0)
        #expect(result.stderr.contains("SQLite"), "\(result.stderr)")
    }

    /// GETs `url` with curl (loopback only); returns the body and the status code.
    static func get(_ url: String, token: String? = nil) throws -> (String, Int) {
        var arguments = ["-s", "-o", "-", "-w", "\n%{http_code}", url]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        let result = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/curl"), arguments, timeout: 30)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.dropLast().joined(separator: "\n"), Int(lines.last ?? "") ?? 0)
    }
}
