import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Dashboard

/// The pages are put together from one layout and a fragment each: what a browser gets must be a
/// whole page with its own title, script and current link, and nothing left of the markers.
@Suite("Page assembly")
struct PageAssemblyTests {
    static func page(_ name: String) throws -> String {
        let resources = try DashboardResources.load(from: Paths.dashboardResources)
        let file = try #require(resources.file(name), "no page \(name)")
        return String(buffer: file.bytes)
    }

    @Test(
        "each page has the shared head and navigation, its own title, script and main, and no marker left",
        arguments: [
            ("index.html", "Incidents", "incidents.js", "<h1>Incidents</h1>", "/\" aria-current"),
            ("incident.html", "Incident", "incident.js", "<h1 id=\"title\">Incident</h1>", nil),
            ("fleet.html", "Fleet", "fleet.js", "<h1>Fleet</h1>", "/fleet\" aria-current"),
            (
                "silences.html", "Silences", "silences.js", "<h1>Silences and maintenance windows</h1>",
                "/silences\" aria-current"
            ),
            ("approvals.html", "Approvals", "approvals.js", "<h1>Approvals</h1>", "/approvals\" aria-current"),
            ("runbooks.html", "Runbooks", "runbooks.js", "<h1>Runbooks</h1>", "/runbooks\" aria-current"),
        ] as [(String, String, String, String, String?)])
    func pages(name: String, title: String, script: String, heading: String, current: String?) throws {
        let html = try Self.page(name)
        #expect(html.hasPrefix("<!doctype html>\n<html lang=\"en\">"))
        #expect(html.contains("<title>\(title) · aiops dashboard</title>"))
        #expect(html.contains("<script src=\"/static/dashboard.js\" defer></script>"))
        #expect(html.contains("<script src=\"/static/\(script)\" defer></script>"))
        #expect(html.contains("<form id=\"token-form\" class=\"token\" hidden>"))
        #expect(html.contains(heading))
        #expect(html.components(separatedBy: "<main>").count == 2 && html.hasSuffix("</main>\n</body>\n</html>\n"))
        #expect(html.components(separatedBy: "aria-current").count == (current == nil ? 1 : 2))
        if let current { #expect(html.contains(current)) }
        #expect(!html.contains("{{"), "a marker was left in \(name)")
    }

    @Test("a layout with an unknown or missing marker is refused at load, naming the layout")
    func badLayout() throws {
        let page = try #require(DashboardPage.all.first)
        #expect(throws: DashboardError.self) {
            try page.render(layout: "<title>{{titel}}</title>{{main}}", main: "<main></main>")
        }
        #expect(throws: DashboardError.self) {
            try page.render(layout: "<title>{{title}}</title>", main: "<main></main>")
        }
        let fine = try page.render(layout: "<title>{{title}}</title>\n{{main}}\n", main: "<main>{{title}}</main>\n")
        #expect(fine == "<title>Incidents</title>\n<main>{{title}}</main>\n", "the fragment goes in as it is")
    }
}
