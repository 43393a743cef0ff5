public import AIOpsCore
public import Foundation

/// The runbooks an agent runs, in order: the first runbook in `approve` or `auto` mode whose
/// signature matches decides the action; every matching runbook in `shadow` mode records what it
/// would have done beside it.
public enum RunbookBook {
    /// The default set, conservative: free disk space when the disk metric is anomalous and the
    /// logs say "No space left on device" (vacuuming the journal and old temporary files loses
    /// nothing anyone needs; a disk error seen on another metric is left to the fallback); restart the unit named by the instance's
    /// `aiops:service` tag on an error burst, in shadow until people have watched it; and, for any
    /// other critical incident, `fallback` (a reboot) as before runbooks existed.
    /// A `notify-only` fallback means no automatic action at all: it is then the only runbook.
    public static func defaults(fallback: ActionKind = .reboot) -> [Runbook] {
        guard fallback != .notifyOnly else { return [Runbook(name: fallback.rawValue, action: fallback)] }
        return [
            Runbook(
                name: "free-disk",
                signature: RunbookSignature(metrics: [.diskUsedPercent], faultClasses: [.diskFull]),
                action: .freeDisk),
            Runbook(
                name: "restart-service", signature: RunbookSignature(faultClasses: [.errorBurst]),
                action: .restartService, mode: .shadow),
            Runbook(name: fallback.rawValue, action: fallback),
        ]
    }

    /// Reads a runbook file: `{"runbooks": [...]}` or a bare array. Names must be unique.
    public static func decode(_ data: Data, source: String) throws -> [Runbook] {
        struct File: Decodable { var runbooks: [Runbook] }
        let runbooks: [Runbook]
        do {
            if data.first(where: { !Set(" \t\r\n".utf8).contains($0) }) == UInt8(ascii: "{") {
                runbooks = try JSONDecoder().decode(File.self, from: data).runbooks
            } else {
                runbooks = try JSONDecoder().decode([Runbook].self, from: data)
            }
        } catch let error as AIOpsError {
            throw AIOpsError(.invalidInput, "\(source): \(error.message)")
        } catch {
            throw AIOpsError(
                .invalidInput, "\(source): not a runbook file ({\"runbooks\": [...]}): \(error)", underlying: error)
        }
        var seen = Set<String>()
        for runbook in runbooks where !seen.insert(runbook.name).inserted {
            throw AIOpsError(.invalidInput, "\(source): runbook name '\(runbook.name)' appears twice")
        }
        return runbooks
    }

    /// Reads the runbook file at `path` (`AIOPS_RUNBOOKS`).
    public static func load(path: String) throws -> [Runbook] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw AIOpsError(.invalidInput, "cannot read the runbook file \(path) (AIOPS_RUNBOOKS): \(error)")
        }
        return try decode(data, source: path)
    }
}
