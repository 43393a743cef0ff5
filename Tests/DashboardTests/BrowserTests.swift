import AIOpsCore
import Foundation
import SQLiteStore
import Simulator
import TestSupport
import Testing

@testable import Dashboard

/// The dashboard in a real browser (Debian's headless Chromium, driven over the DevTools protocol),
/// served by a live server on a loopback port.
@Suite(
    "Dashboard in Chromium", .serialized, .timeLimit(.minutes(5)))
struct BrowserTests {
    /// Where screenshots go: `$AIOPS_ARTIFACTS`, else `.build/artifacts` in the checkout.
    static var artifacts: URL {
        let folder =
            ProcessInfo.processInfo.environment["AIOPS_ARTIFACTS"].map { URL(fileURLWithPath: $0) }
            ?? Paths.packageRoot.appendingPathComponent(".build/artifacts")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func screenshot(_ page: DevToolsClient, _ name: String) async throws -> URL {
        let shot = try await page.send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true])
        let base64 = try #require(shot["data"] as? String)
        let data = try #require(Data(base64Encoded: base64))
        let file = artifacts.appendingPathComponent(name)
        try data.write(to: file)
        return file
    }

    @Test(
        "a person enters the token, sees an incident arrive live, opens it, reads its chart and findings, acknowledges it"
    )
    func liveIncidentEndToEnd() async throws { try await BrowserTurn.take { try await liveIncidentEndToEndAlone() } }

    func liveIncidentEndToEndAlone() async throws {
        // A real `aiops serve` over a SQLite file; this test writes to the same file, as `aiops run` would.
        let folder = try TemporaryDirectory("dashboard-e2e")
        let database = folder.file("incidents.sqlite").path
        let server = try await ServerProcess([
            "serve", "--port", "0", "--db", database, "--seed", "8", "--token", DashboardFixture.token,
            "--poll-seconds", "0.25",
        ])
        defer { server.stop() }
        let port = try #require(server.url.port)
        let store = try SQLiteIncidentStore(path: database)
        let fleet = SampleFleet(now: Date())
        let sample = fleet.incident(
            number: 777, openedAt: Date(),
            summary: "CPU at 97% on api-1: new OutOfMemoryError (added while the page was open)",
            logLine: "ERROR [pool-3] java.lang.OutOfMemoryError: Java heap space while serving /checkout")
        do {
            let browser = try await Chromium()
            try await browser.withPage { page in
                try await page.send("Page.enable")
                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/"])

                #expect(
                    try await page.waitUntil(
                        "document.getElementById('token-form') && !document.getElementById('token-form').hidden"))
                _ = try await page.evaluate(
                    "document.getElementById('token-input').value = '\(DashboardFixture.token)';"
                        + "document.querySelector('#token-form button').click(); true")
                #expect(try await page.waitUntil("document.querySelectorAll('#incidents tbody tr').length === 8"))
                #expect(try await page.waitUntil("document.getElementById('live').textContent === 'live'"))
                #expect(try await page.evaluate("document.title") as? String == "Incidents · aiops dashboard")
                #expect(try await page.evaluate("document.querySelector('h1').textContent") as? String == "Incidents")

                // Another writer stores an incident while the page is open: it must appear without a reload.
                try await fleet.write(sample, to: store)
                let row = "document.querySelector('#incidents tbody tr[data-id=\"\(sample.incident.id)\"]')"
                #expect(try await page.waitUntil(row), "the new incident appears live")
                #expect(try await page.evaluate("document.querySelectorAll('#incidents tbody tr').length") as? Int == 9)
                #expect(
                    try await page.evaluate("\(row).querySelector('td.summary').textContent") as? String
                        == sample.incident.summary)
                #expect(
                    try await page.evaluate("document.querySelector('#incidents tbody tr').dataset.id") as? String
                        == sample.incident.id, "newest first")
                _ = try await Self.screenshot(page, "dashboard-incidents.png")

                _ = try await page.evaluate("\(row).click(); true")
                #expect(try await page.waitUntil("document.querySelectorAll('#chart svg circle.anomaly').length > 0"))
                #expect(try await page.evaluate("location.pathname") as? String == "/incidents/\(sample.incident.id)")
                let chart = try #require(
                    try await page.evaluate(
                        """
                        ({points: Number(document.querySelector('#chart svg').dataset.points),
                          anomalies: document.querySelectorAll('#chart svg circle.anomaly').length,
                          bands: document.querySelectorAll('#chart svg polygon.band').length,
                          line: document.querySelectorAll('#chart svg polyline.series').length})
                        """) as? [String: Any])
                #expect(chart["points"] as? Int == sample.series.count)
                #expect(chart["anomalies"] as? Int == sample.series.filter(\.isAnomaly).count)
                #expect(chart["bands"] as? Int == 1)
                #expect(chart["line"] as? Int == 1)
                #expect(
                    try await page.evaluate("document.querySelectorAll('#findings li.finding').length") as? Int == 2)
                #expect(
                    try await page.evaluate("document.querySelector('#findings pre.log').textContent") as? String
                        == sample.incident.findings[0].examples[0])
                #expect(try await page.evaluate("document.querySelectorAll('#timeline li').length") as? Int ?? 0 >= 1)
                #expect(
                    (try await page.evaluate("document.querySelector('h1').textContent") as? String)?.hasPrefix(
                        "Incident:")
                        == true)

                _ = try await page.evaluate("document.getElementById('acknowledge').click(); true")
                #expect(
                    try await page.waitUntil(
                        "[...document.querySelectorAll('#facts .badge')].some(b => b.textContent === 'acknowledged')"))
                #expect(try await store.incident(id: sample.incident.id)?.status == .acknowledged)
                _ = try await page.evaluate("document.getElementById('false-positive').click(); true")
                #expect(
                    try await page.waitUntil("document.getElementById('facts').textContent.includes('false positive')"))
                #expect(try await store.incident(id: sample.incident.id)?.feedback?.verdict == .falsePositive)
                let shot = try await Self.screenshot(page, "dashboard-incident.png")
                #expect(try Data(contentsOf: shot).count > 10_000)

                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/fleet"])
                #expect(try await page.waitUntil("document.querySelectorAll('#fleet li').length === 6"))
                #expect(
                    try await page.evaluate("document.querySelectorAll('#fleet li svg polyline.spark').length") as? Int
                        == 6
                )
                _ = try await Self.screenshot(page, "dashboard-fleet.png")
            }
        }
    }
}
