import AIOpsCore
import ArgumentParser
import Foundation
import Logging
import SQLiteStore

/// `aiops silence add|list|expire`: silences and maintenance windows, in the SQLite file that
/// `aiops serve --db` serves, or in the DynamoDB table with `--aws`.
struct SilenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Add, list and end silences and maintenance windows.",
        discussion: """
            A silenced anomaly is still detected, stored and shown (marked silenced), but pages nobody and \
            triggers no action. Every change is audited. The store is the SQLite file (--db FILE, as `aiops serve \
            --db`) or the DynamoDB table of the AWS settings (--aws, as `aiops run --aws`).
            """,
        subcommands: [Add.self, List.self, Expire.self])

    /// Where the silences are: one of `--db FILE` or `--aws`.
    struct StoreOptions: ParsableArguments {
        @Option(help: ArgumentHelp("The SQLite store file (the one `aiops serve --db` serves).", valueName: "file"))
        var db: String?

        @Flag(help: "Use the DynamoDB table of the AWS settings (AWS_REGION, AWS_ENDPOINT_URL, AIOPS_TABLE).")
        var aws = false

        @Option(
            help: ArgumentHelp("With --aws: a file of AIOPS_*=value lines; the environment wins.", valueName: "file"))
        var config: String?

        func validate() throws {
            guard (db != nil) != aws else { throw ValidationError("pass exactly one of --db FILE or --aws") }
        }

        /// Runs `body` on the chosen store; a SQLite file is closed whole afterwards.
        func withStore<T>(_ body: (any IncidentStore) async throws -> T) async throws -> T {
            if let db {
                let store = try SQLiteIncidentStore(path: db)
                do {
                    let result = try await body(store)
                    try store.close()
                    return result
                } catch {
                    try? store.close()
                    throw error
                }
            }
            return try await body(AWSAgentCommandSupport.assembly(config: config, logger: Logger(label: "aiops")).store)
        }
    }

    /// Who the audit trail names: `cli:` and the login name.
    static var actor: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "unknown") }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a silence: once (--from, --until) or recurring (--every, --at, --for, --time-zone).",
            discussion: """
                Examples:
                  aiops silence add --db aiops.sqlite --match instance=i-0abc --from 2026-12-06T02:00:00Z \
                --until 2026-12-06T03:00:00Z --owner alice --reason "db patching"
                  aiops silence add --aws --match tag:Role=db --every sunday --at 02:00 --for 1h \
                --time-zone Europe/Berlin --expires-in 90d --owner alice --reason "weekly patching"
                """)

        @OptionGroup var storeOptions: StoreOptions

        @Option(
            name: .customLong("match"),
            help: ArgumentHelp(
                "A matcher (repeatable; all must match): instance=ID, tag:KEY=VALUE, metric=NAME, severity=LEVEL.",
                valueName: "matcher"))
        var matchers: [String] = []

        @Option(help: ArgumentHelp("A one-off window's start (ISO 8601).", valueName: "time"))
        var from: String?
        @Option(help: ArgumentHelp("A one-off window's end (ISO 8601).", valueName: "time"))
        var until: String?

        @Option(help: ArgumentHelp("A recurring window: day, or a weekday (sunday … saturday).", valueName: "day"))
        var every: String?
        @Option(help: ArgumentHelp("A recurring window's local start time.", valueName: "HH:MM"))
        var at: String?
        @Option(
            name: .customLong("for"), help: ArgumentHelp("A recurring window's length: 1h, 90m.", valueName: "duration")
        )
        var length: String?
        @Option(help: ArgumentHelp("A recurring window's IANA time zone.", valueName: "zone"))
        var timeZone = "UTC"

        @Option(help: ArgumentHelp("When it stops holding for good (ISO 8601).", valueName: "time"))
        var expires: String?
        @Option(help: ArgumentHelp("Or: how long from now it holds at most (30d, 12h).", valueName: "duration"))
        var expiresIn: String?

        @Option(help: "The person answerable for it.")
        var owner: String
        @Option(help: "Why (shown on the dashboard and in the audit trail).")
        var reason: String

        func run() async throws {
            let now = Date()
            let window = try window()
            let expiry: Date
            if let expires {
                expiry = try Self.time(expires, "--expires")
            } else if let expiresIn {
                guard let seconds = DurationText.seconds(expiresIn) else {
                    throw ValidationError("--expires-in must be a duration such as 30d or 12h, not '\(expiresIn)'")
                }
                expiry = now.addingTimeInterval(seconds)
            } else if case .once(_, let end) = window {
                expiry = end
            } else {
                throw ValidationError("a recurring window needs --expires or --expires-in")
            }
            let silence = Silence(
                id: "sil-" + UUID().uuidString.lowercased(),
                matchers: try matchers.map { text throws(AIOpsError) in try SilenceMatcher(parsing: text) },
                window: window, owner: owner, reason: reason, createdAt: now, createdBy: SilenceCommand.actor,
                expiresAt: expiry)
            _ = try await storeOptions.withStore { store in
                try await SilenceBook(store: store).create(silence, now: now)
            }
            print("\(silence.id) \(silence.state(at: now).rawValue): \(SilenceBook.describe(silence))")
        }

        private func window() throws -> SilenceWindow {
            switch (from, until, every) {
            case (let from?, let until?, nil):
                return .once(start: try Self.time(from, "--from"), end: try Self.time(until, "--until"))
            case (nil, nil, let every?):
                guard let at, let length else { throw ValidationError("--every needs --at HH:MM and --for DURATION") }
                guard let seconds = DurationText.seconds(length) else {
                    throw ValidationError("--for must be a duration such as 1h or 90m, not '\(length)'")
                }
                let daily = every.lowercased() == "day"
                return .recurring(
                    try .init(
                        kind: daily ? "daily" : "weekly", weekday: daily ? nil : every, at: at,
                        durationMinutes: seconds / 60, timeZone: timeZone))
            default:
                throw ValidationError("give a one-off window (--from and --until) or a recurring one (--every)")
            }
        }

        static func time(_ text: String, _ flag: String) throws -> Date {
            guard let date = ISO8601.date(from: text) else {
                throw ValidationError("\(flag) must be an ISO 8601 time such as 2026-12-06T02:00:00Z, not '\(text)'")
            }
            return date
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the active and upcoming silences.")

        @OptionGroup var storeOptions: StoreOptions

        @Flag(help: "Print JSON (one object with `items`).")
        var json = false

        func run() async throws {
            let now = Date()
            let silences = try await storeOptions.withStore { store in
                try await store.silences(expiringAfter: now).filter { $0.state(at: now) != .ended }
            }
            if json {
                struct Listing: Encodable { var items: [Silence] }
                print(try AWSAgentCommandSupport.json(Listing(items: silences)))
                return
            }
            if silences.isEmpty { print("no active or upcoming silences") }
            for silence in silences {
                let state = silence.state(at: now).rawValue
                print(
                    TerminalText.safe(
                        "\(silence.id)  \(state)  \(SilenceBook.describe(silence))  owner "
                            + "\(silence.owner), expires \(ISO8601.string(from: silence.expiresAt)): \(silence.reason)")
                )
            }
        }
    }

    struct Expire: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "End a silence now (audited).")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: "The silence's id (as `aiops silence list` shows it).")
        var id: String

        func run() async throws {
            let ended = try await storeOptions.withStore { store in
                try await SilenceBook(store: store).expire(id: id, by: SilenceCommand.actor, now: Date())
            }
            print(
                "\(ended.id) ended at \(ISO8601.string(from: ended.expiredAt ?? Date())) by \(ended.expiredBy ?? "?")")
        }
    }
}
