import Foundation

/// One page of the dashboard, put together once when the files are loaded: the shared shell
/// (`page-layout.html`: head, navigation, token form) around the page's own `<main>` (`page-*.html`).
///
/// Only these fixed values and the committed fragments go in: no request data ever reaches a page.
struct DashboardPage: Sendable {
    /// The name the page is served as.
    var name: String
    /// The file holding its `<main>`.
    var fragment: String
    /// What the `<title>` says, before " · aiops dashboard".
    var title: String
    /// The page's own script, after `dashboard.js`.
    var script: String
    /// The `data-page` of its `<body>`.
    var page: String
    /// The navigation link it marks as the current page, if any.
    var current: String?

    static let layout = "page-layout.html"

    static let all = [
        DashboardPage(
            name: "index.html", fragment: "page-incidents.html", title: "Incidents", script: "incidents.js",
            page: "incidents", current: "incidents"),
        DashboardPage(
            name: "incident.html", fragment: "page-incident.html", title: "Incident", script: "incident.js",
            page: "incident", current: nil),
        DashboardPage(
            name: "fleet.html", fragment: "page-fleet.html", title: "Fleet", script: "fleet.js", page: "fleet",
            current: "fleet"),
        DashboardPage(
            name: "silences.html", fragment: "page-silences.html", title: "Silences", script: "silences.js",
            page: "silences", current: "silences"),
        DashboardPage(
            name: "approvals.html", fragment: "page-approvals.html", title: "Approvals", script: "approvals.js",
            page: "approvals", current: "approvals"),
        DashboardPage(
            name: "runbooks.html", fragment: "page-runbooks.html", title: "Runbooks", script: "runbooks.js",
            page: "runbooks", current: "runbooks"),
        DashboardPage(
            name: "agent.html", fragment: "page-agent.html", title: "Agent", script: "agent.js", page: "agent",
            current: "agent"),
    ]

    /// The navigation links the layout can mark as current.
    static let navigation = ["incidents", "fleet", "silences", "approvals", "runbooks", "agent"]

    /// The page: `layout` with its `{{…}}` markers filled in. Fails on a marker left unfilled, so a
    /// typo in the layout shows at startup rather than as a broken page.
    func render(layout: String, main: String) throws(DashboardError) -> String {
        var values = [("title", title), ("script", script), ("page", page)]
        for link in Self.navigation {
            values.append(("current-\(link)", link == current ? #" aria-current="page""# : ""))
        }
        var text = layout
        for (key, value) in values {
            text = text.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        // The fragment goes in last, as it is: nothing in it is read as a marker.
        let parts = text.components(separatedBy: "{{main}}")
        let unfilled = parts.contains { $0.range(of: #"\{\{[a-z-]+\}\}"#, options: .regularExpression) != nil }
        if parts.count != 2 || unfilled {
            throw DashboardError(
                .resourcesMissing,
                "\(Self.layout) must hold {{main}} once and no marker but {{title}}, {{script}}, {{page}} and "
                    + Self.navigation.map { "{{current-\($0)}}" }.joined(separator: ", "))
        }
        return parts[0] + main.trimmingCharacters(in: .newlines) + parts[1]
    }
}
