import AIOpsCore
import Foundation
import SQLiteStore
import TestSupport
import Testing

@testable import Dashboard

/// "Silence this" in a real browser: from an incident's page to the silences page, on a live
/// `aiops serve` over a SQLite file. Short, and without a token (loopback), so that it takes its
/// browser turn briefly and does not depend on the token form.
@Suite("Silences in Chromium", .serialized, .timeLimit(.minutes(3)))
struct SilenceBrowserTests {
    @Test("a person silences an incident from its page and sees the silence listed")
    func silenceFromAnIncidentPage() async throws { try await BrowserTurn.take { try await silenceAlone() } }

    func silenceAlone() async throws {
        let folder = try TemporaryDirectory("dashboard-silence")
        let database = folder.file("incidents.sqlite").path
        let server = try await ServerProcess(["serve", "--port", "0", "--db", database, "--seed", "3"])
        defer { server.stop() }
        let port = try #require(server.url.port)
        let store = try SQLiteIncidentStore(path: database)
        let incident = try #require(
            try await store.incidents(matching: IncidentFilter(), limit: 1, cursor: nil).items.first)
        let browser = try await Chromium()
        try await browser.withPage { page in
            try await page.send("Page.enable")
            try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/incidents/\(incident.id)"])
            #expect(try await page.waitUntil("!document.getElementById('facts-section').hidden"))
            #expect(try await page.waitUntil("document.getElementById('facts').textContent.includes('Silenced')"))
            _ = try await page.evaluate(
                "document.getElementById('silence-owner').value = 'alice';"
                    + "document.getElementById('silence-reason').value = 'patching <b>now</b>';"
                    + "document.getElementById('silence').click(); true")
            #expect(
                try await page.waitUntil(
                    "document.getElementById('status-line').textContent.includes('Silenced until')"))

            try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/silences"])
            #expect(try await page.waitUntil("document.querySelectorAll('#silences tr').length === 1"))
            let row = try await page.evaluate("document.querySelector('#silences tr').textContent") as? String ?? ""
            #expect(row.contains("instance=\(incident.instanceID), metric=\(incident.metric.rawValue)"), "\(row)")
            #expect(row.contains("active") && row.contains("alice") && row.contains("patching <b>now</b>"), "\(row)")
            #expect(try await page.evaluate("document.querySelectorAll('#silences b').length") as? Int == 0)
        }
        let stored = try await store.silences(expiringAfter: Date())
        #expect(stored.map(\.owner) == ["alice"])
        #expect(
            stored.first?.matchers.map(\.description) == [
                "instance=\(incident.instanceID)", "metric=\(incident.metric.rawValue)",
            ])
        try store.close()
    }
}
