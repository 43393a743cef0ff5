import AIOpsCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Remediation
import TestSupport
import Testing

@testable import Dashboard

/// Log lines, summaries and instance names are attacker-controlled: in a real browser they must
/// show as text and never run.
@Suite("XSS in Chromium", .serialized, .timeLimit(.minutes(5)))
struct XSSTests {
    static let script = "<script>window.__xss = 'script'</script>"
    static let image = "<img src=x onerror=\"window.__xss = 'img'\">"

    /// Records CSP violations from before the page's own scripts run.
    static let watcher = """
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));
        """

    /// True when nothing ran and no payload became an element: no flag, no CSP violation, no img, only our scripts.
    static let clean = """
        window.__xss === undefined && window.__violations.length === 0 && document.querySelectorAll('img').length === 0
          && [...document.scripts].every(s => s.src.includes('/static/'))
        """

    @Test("payloads in summaries, instance names, log lines, templates and notes show as text and never run")
    func payloadsStayText() async throws { try await BrowserTurn.take { try await payloadsStayTextAlone() } }

    func payloadsStayTextAlone() async throws {
        var open = DashboardFixture()
        open.token = nil
        // A runbook file is people's text too: its keywords and tags show as written.
        open.runbooks = [
            Runbook(
                name: "evil",
                signature: RunbookSignature(
                    keywords: [Self.script], tags: [TagSelector(key: "role", value: Self.image)]),
                action: .reboot, mode: .shadow)
        ]
        let fixture = open
        let evil = Instance(id: "i-0evil", name: Self.image, tags: ["role": Self.script])
        await fixture.store.saveSnapshot(
            InstanceSnapshot(
                instance: evil, health: .critical, lastScore: 0.9, lastSeen: DashboardFixture.now, recent: []))
        var sample = fixture.fleet.incident(
            number: 1, openedAt: DashboardFixture.now, instance: evil, summary: Self.script + " " + Self.image,
            logLine: Self.image + Self.script)
        sample.incident.findings[0].template = Self.script
        sample.incident.feedback = Feedback(
            verdict: .falsePositive, note: Self.image, at: DashboardFixture.now, by: Self.script)
        sample.audit[0].reason = Self.image
        try await fixture.fleet.write(sample, to: fixture.store)
        let stored = sample

        try await fixture.application().test(.live) { client in
            let port = try #require(client.port)
            let browser = try await Chromium()
            try await browser.withPage { page in
                try await page.send("Page.enable")
                try await page.send("Page.addScriptToEvaluateOnNewDocument", ["source": Self.watcher])

                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/"])
                #expect(try await page.waitUntil("document.querySelectorAll('#incidents tbody tr').length === 1"))
                #expect(
                    try await page.evaluate("document.querySelector('td.summary').textContent") as? String
                        == stored.incident.summary)
                #expect(try await page.evaluate(Self.clean) as? Bool == true, "list page")

                try await page.send(
                    "Page.navigate", ["url": "http://127.0.0.1:\(port)/incidents/\(stored.incident.id)"])
                #expect(try await page.waitUntil("document.querySelectorAll('#findings pre.log').length > 0"))
                #expect(
                    try await page.evaluate("document.querySelector('#findings pre.log').textContent") as? String
                        == Self
                        .image + Self.script)
                #expect(
                    try await page.evaluate("document.querySelector('#findings .template').textContent") as? String
                        == Self.script)
                #expect(
                    try await page.evaluate("document.getElementById('summary').textContent") as? String
                        == stored.incident.summary)
                #expect(
                    try await page.evaluate(
                        "document.getElementById('facts').textContent.includes(\(Self.jsString(Self.image)))") as? Bool
                        == true)
                #expect(
                    try await page.evaluate(
                        "document.getElementById('timeline').textContent.includes(\(Self.jsString(Self.image)))")
                        as? Bool
                        == true)
                #expect(try await page.evaluate(Self.clean) as? Bool == true, "incident page")
                _ = try await BrowserTests.screenshot(page, "dashboard-xss.png")

                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/fleet"])
                #expect(try await page.waitUntil("document.querySelectorAll('#fleet li').length === 1"))
                #expect(
                    try await page.evaluate("document.querySelector('#fleet h2').textContent") as? String == Self.image)
                #expect(try await page.evaluate(Self.clean) as? Bool == true, "fleet page")

                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/runbooks"])
                #expect(try await page.waitUntil("document.querySelectorAll('#runbooks tr').length === 1"))
                let matches = try await page.evaluate("document.querySelector('#runbooks td:nth-child(4)').textContent")
                #expect(matches as? String == "log \(Self.script); tag role=\(Self.image)")
                #expect(try await page.evaluate(Self.clean) as? Bool == true, "runbooks page")

                // The checks can fail: markup inserted as HTML is caught (an img appears, CSP reports the handler).
                _ = try await page.evaluate(
                    "document.body.insertAdjacentHTML('beforeend', \(Self.jsString(Self.image))); true")
                #expect(try await page.waitUntil("window.__violations.length > 0"))
                #expect(try await page.evaluate(Self.clean) as? Bool == false)
                #expect(
                    try await page.evaluate("window.__xss === undefined") as? Bool == true,
                    "CSP blocks the inline handler too")
            }
        }
    }

    /// `text` as a JavaScript string literal.
    static func jsString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}
