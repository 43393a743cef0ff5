public import Foundation
import Hummingbird

/// The dashboard's static files (pages, script, style, the OpenAPI document), read once into memory.
public struct DashboardResources: Sendable {
    struct File: Sendable {
        var bytes: ByteBuffer
        var contentType: String
    }

    /// The files every dashboard needs; loading fails when one is missing. The pages (`index.html`,
    /// `incident.html`, `fleet.html`) are put together from the layout and their fragments.
    static let required =
        [
            "dashboard.css", "dashboard.js", "incidents.js", "incident.js", "fleet.js", "silences.js", "approvals.js",
            "agent.js", "runbooks.js",
            "favicon.svg", "openapi.json",
            DashboardPage.layout,
        ] + DashboardPage.all.map(\.fragment)

    let files: [String: File]

    /// Reads the files from `directory`.
    public static func load(from directory: URL) throws(DashboardError) -> DashboardResources {
        var read: [String: Data] = [:]
        for name in required {
            let url = directory.appendingPathComponent(name)
            do {
                read[name] = try Data(contentsOf: url)
            } catch {
                throw DashboardError(
                    .resourcesMissing,
                    "the dashboard file \(url.path) could not be read: \(error.localizedDescription)",
                    underlying: error)
            }
        }
        var files: [String: File] = [:]
        for (name, data) in read {
            files[name] = File(bytes: ByteBuffer(bytes: data), contentType: contentType(of: name))
        }
        let layout = String(decoding: read[DashboardPage.layout] ?? Data(), as: UTF8.self)
        for page in DashboardPage.all {
            let main = String(decoding: read[page.fragment] ?? Data(), as: UTF8.self)
            let html = try page.render(layout: layout, main: main)
            files[page.name] = File(bytes: ByteBuffer(string: html), contentType: contentType(of: page.name))
        }
        return DashboardResources(files: files)
    }

    /// Finds the files built beside the executable (SwiftPM's `aiops_Dashboard.resources` folder),
    /// or in `directory` when given.
    public static func locate(_ directory: URL? = nil) throws(DashboardError) -> DashboardResources {
        if let directory { return try load(from: directory) }
        let bundleName = "aiops_Dashboard.resources"
        var roots = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let executable = Bundle.main.executableURL { roots.append(executable.deletingLastPathComponent()) }
        for root in roots {
            let candidate = root.appendingPathComponent(bundleName).appendingPathComponent("Resources")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent(DashboardPage.layout).path) {
                return try load(from: candidate)
            }
        }
        throw DashboardError(
            .resourcesMissing,
            "the dashboard's files (\(bundleName)/Resources) are not beside the executable in "
                + roots.map(\.path).joined(separator: " or ") + "; copy them there or name their folder")
    }

    /// A file by name, nil when there is none.
    func file(_ name: String) -> File? { files[name] }

    private static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }
}
