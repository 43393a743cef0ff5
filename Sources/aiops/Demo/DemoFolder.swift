import Foundation

/// Where a demo keeps its store and outbox: the folder a person named (kept, and started afresh
/// when an earlier demo left its files there), or a temporary one removed when the demo ends.
struct DemoFolder: Sendable {
    let url: URL
    /// True for a folder the demo made for itself.
    let temporary: Bool

    /// Makes the folder. An earlier run's store and outbox in a named folder are moved into a
    /// subfolder and the demo says so: a run with a seed always tells that seed's story from its start.
    static func prepare(dataDir: String?, seed: UInt64, say: @Sendable (String) -> Void) throws -> DemoFolder {
        let files = FileManager.default
        guard let dataDir else {
            let url = files.temporaryDirectory.appendingPathComponent(
                "aiops-demo-\(seed)-\(ProcessInfo.processInfo.processIdentifier)")
            try create(url)
            return DemoFolder(url: url, temporary: true)
        }
        let url = URL(fileURLWithPath: dataDir)
        try create(url)
        let earlier = ["aiops.sqlite", "aiops.sqlite-wal", "aiops.sqlite-shm", "outbox"].filter {
            files.fileExists(atPath: url.appendingPathComponent($0).path)
        }
        if earlier.contains("aiops.sqlite") {
            let aside = url.appendingPathComponent("earlier-run-\(Int(Date().timeIntervalSince1970))")
            try create(aside)
            for name in earlier {
                try files.moveItem(at: url.appendingPathComponent(name), to: aside.appendingPathComponent(name))
            }
            say(
                "\(url.path) held an earlier demo's store: it is now in \(aside.lastPathComponent)/, "
                    + "and this demo starts afresh")
        }
        return DemoFolder(url: url, temporary: false)
    }

    private static func create(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw CLIError(
                "cannot make the data folder \(url.path): check that its parent exists and is writable")
        }
    }

    /// How the start-up line names the folder.
    var description: String {
        temporary ? "\(url.path) (temporary: removed at the end; --data-dir keeps it)" : url.path
    }

    /// Removes a temporary folder (a named one is the person's and stays).
    func removeIfTemporary() {
        guard temporary else { return }
        try? FileManager.default.removeItem(at: url)
    }
}
