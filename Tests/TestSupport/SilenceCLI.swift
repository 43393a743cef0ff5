import AIOpsCore
import Foundation
import Testing

/// The `aiops silence` session the CLI tests run on each store (`--db FILE` or `--aws`).
public enum SilenceCLI {
    /// Adds a one-off and a weekly silence, lists both, ends the first, lists the second only.
    /// Returns the ended silence's id.
    public static func roundTrip(_ store: [String], environment: [String: String]) throws -> String {
        let now = Date()
        let from = ISO8601.string(from: now.addingTimeInterval(-60))
        let until = ISO8601.string(from: now.addingTimeInterval(3600))
        let once = try Subprocess.aiops(
            ["silence", "add"] + store + [
                "--match", "tag:Role=db", "--match", "metric=CPUUtilization", "--from", from, "--until", until,
                "--owner", "alice", "--reason", "patching db-1",
            ], environment: environment)
        #expect(once.status == 0, "\(once.stderr)")
        let id = try #require(once.stdout.split(separator: " ").first.map(String.init))
        #expect(once.stdout.contains("active: tag:Role=db, metric=CPUUtilization"), "\(once.stdout)")
        let weekly = try Subprocess.aiops(
            ["silence", "add"] + store + [
                "--match", "instance=i-0abc", "--every", "sunday", "--at", "02:00", "--for", "1h", "--time-zone",
                "Europe/Berlin", "--expires-in", "30d", "--owner", "bob", "--reason", "kernel",
            ], environment: environment)
        #expect(weekly.status == 0, "\(weekly.stderr)")
        #expect(weekly.stdout.contains("every sunday at 02:00 Europe/Berlin for 60 min"), "\(weekly.stdout)")

        let listed = try Subprocess.aiops(["silence", "list"] + store + ["--json"], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        let items = try #require(
            (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])?["items"]
                as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items.contains { $0["id"] as? String == id && $0["owner"] as? String == "alice" })

        let expired = try Subprocess.aiops(["silence", "expire"] + store + [id], environment: environment)
        #expect(expired.status == 0, "\(expired.stderr)")
        let after = try Subprocess.aiops(["silence", "list"] + store, environment: environment)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(!after.stdout.contains(id))
        #expect(after.stdout.contains("upcoming"), "\(after.stdout)")

        // Bad input: a clear message, a non-zero exit, nothing stored.
        for (arguments, message) in [
            (["--match", "colour=red", "--from", from, "--until", until], "unknown field"),
            (["--match", "instance=i-1", "--every", "sunday", "--at", "2am", "--for", "1h"], "is not HH:MM"),
            (
                ["--match", "instance=i-1", "--every", "funday", "--at", "02:00", "--for", "1h", "--expires-in", "1d"],
                "is not a weekday"
            ),
            (["--match", "instance=i-1", "--from", "yesterday", "--until", until], "ISO 8601"),
            (["--from", from, "--until", until], "at least one matcher"),
        ] {
            let refused = try Subprocess.aiops(
                ["silence", "add"] + store + arguments + ["--owner", "a", "--reason", "r"], environment: environment)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        let unknown = try Subprocess.aiops(["silence", "expire"] + store + ["sil-none"], environment: environment)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("there is no silence sil-none"), "\(unknown.stderr)")
        let final = try Subprocess.aiops(["silence", "list"] + store + ["--json"], environment: environment)
        let remaining = (try JSONSerialization.jsonObject(with: Data(final.stdout.utf8)) as? [String: Any])?["items"]
        #expect((remaining as? [Any])?.count == 1)
        return id
    }
}
