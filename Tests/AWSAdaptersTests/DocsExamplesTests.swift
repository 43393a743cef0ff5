import Foundation
import TestSupport
import Testing

/// The command examples of README.md and docs/*.md, read from the markdown and run as written:
/// every ```sh block of a document, in order, in one bash session (so an `export` or `cd` of one
/// block holds in the next, as for a reader going down the page), with the built `aiops` and,
/// for the AWS ones, moto. A block that cannot run here (a real AWS account, Terraform, Docker,
/// the whole test suite, a synopsis with `[options]`) carries `<!-- docs-test: skip: why -->` on
/// the line before it; the test prints each skipped block with its reason.
///
/// What the test puts in, and nothing else: moto's address for `http://127.0.0.1:50NN` (its own
/// server replaces the `moto_server … &` lines), a seeded instance for the placeholder
/// `i-0123456789abcdef0`, `aiops` for `swift run aiops`, and port 0 for the long-running
/// `aiops demo` / `aiops run`, which run until they serve their dashboard and are then stopped
/// with SIGINT, as Ctrl-C does, and must exit 0. The session's folder holds `scripts`, `.venv`
/// and `testdata` (the reference data) as in a checkout, and `../shared/testdata` beside it.
@Suite(.serialized) struct DocsExamplesTests {
    static let placeholderInstance = "i-0123456789abcdef0"

    static let documents: [String] = {
        let docs = Paths.packageRoot.appendingPathComponent("docs")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return ["README.md"] + names.filter { $0.hasSuffix(".md") }.sorted().map { "docs/\($0)" }
    }()

    @Test(arguments: documents) func theExamplesRunAsWritten(_ document: String) async throws {
        let blocks = try DocsExample.blocks(of: document)
        for block in blocks where block.skipReason != nil {
            print("docs-test: skipped \(block.location): \(block.skipReason ?? "")")
        }
        let runnable = blocks.filter { $0.skipReason == nil }
        guard !runnable.isEmpty else { return }
        // A document whose examples read the reference data runs where the data is; on a lone
        // clone without it (and no network to fetch it) it is skipped, with the fetch command.
        let code = runnable.map(\.code).joined(separator: "\n")
        let missing = ReferenceData.DataSet.allCases.filter {
            (code.contains("testdata/\($0.rawValue)") || code.contains("testdata-cache/\($0.rawValue)"))
                && !ReferenceData.has($0)
        }
        if let set = missing.first {
            print("docs-test: skipped \(document): \(ReferenceData.missingReason(set))")
            return
        }

        let folder = try TemporaryDirectory("docs-examples")
        let work = folder.url.appendingPathComponent("work")
        try Self.lay(work: work, shared: folder.url.appendingPathComponent("shared"))
        var environment = [
            "AIOPS_BIN": Paths.executable("aiops").path, "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
        ]
        let script = runnable.map(\.code).joined(separator: "\n")
        var moto: MotoServer?
        if script.contains("AWS_") || script.contains("--instance-id") {
            let server = try MotoServer()
            moto = server
            environment.merge(server.environment) { $1 }
            environment["AWS_ENDPOINT_URL"] = server.url.absoluteString
            if script.contains(Self.placeholderInstance) {
                let seeded = try ReadmeQuickStartTests.seed(["--history-only"], endpoint: server.url)
                let web1 = try #require(seeded["web-1"])
                environment["DOCS_TEST_INSTANCE"] = web1
            }
        }
        let session = Self.session(runnable, moto: moto)
        let file = folder.url.appendingPathComponent("session.sh")
        try session.write(to: file, atomically: true, encoding: .utf8)
        let bash = URL(fileURLWithPath: "/bin/bash")
        let result = try Subprocess.run(
            bash, [file.path], environment: environment, currentDirectory: work, timeout: 900)
        let tail = "stdout: \(result.stdout.suffix(3_000))\nstderr: \(result.stderr.suffix(6_000))"
        #expect(
            result.status == 0, "\(document): an example failed (the last 'docs-test: running' line names it)\n\(tail)")
        let ran = result.stderr.split(separator: "\n").filter { $0.hasPrefix("docs-test: running ") }.count
        #expect(ran == runnable.count, "\(result.stderr.suffix(3_000))")
        moto?.stop()
    }

    /// A skip needs its reason, and the extraction finds what the documents hold: if it found
    /// nothing, every document would pass without running anything.
    @Test func everySkippedExampleSaysWhyAndTheRestAreFound() throws {
        var runnable: [String] = []
        for document in Self.documents {
            for block in try DocsExample.blocks(of: document) {
                if let reason = block.skipReason {
                    #expect(reason.count >= 10, "\(block.location): say why it is skipped")
                } else {
                    runnable.append(block.location)
                }
            }
        }
        for expected in ["docs/aws.md", "docs/backtest.md", "docs/isolation-forest.md", "docs/pipeline.md"] {
            #expect(runnable.contains { $0.hasPrefix(expected + ":") }, "\(runnable)")
        }
    }

    /// The monthly cost table is one table: docs/cost.md has it, README.md and docs/deploy.md
    /// quote it exactly, each after the line `<!-- cost-table -->`.
    @Test func theCostTableIsTheSameEverywhere() throws {
        var tables: [String: [String]] = [:]
        for document in ["docs/cost.md", "README.md", "docs/deploy.md"] {
            let text = try String(
                contentsOf: Paths.packageRoot.appendingPathComponent(document), encoding: .utf8)
            let after = try #require(
                text.components(separatedBy: "<!-- cost-table -->\n").dropFirst().first, "\(document) has no cost table"
            )
            tables[document] = Array(after.split(separator: "\n").prefix { $0.hasPrefix("|") }.map(String.init))
        }
        let table = try #require(tables["docs/cost.md"])
        #expect(table.count >= 5, "\(table)")
        #expect(tables["README.md"] == table, "README.md's copy differs from docs/cost.md's")
        #expect(tables["docs/deploy.md"] == table, "docs/deploy.md's copy differs from docs/cost.md's")
    }

    /// The bash script of one document: a prelude, then each block after a line naming it.
    static func session(_ blocks: [DocsExample], moto: MotoServer?) -> String {
        var lines = [Self.prelude]
        for block in blocks {
            lines.append("echo 'docs-test: running \(block.location)' >&2")
            for line in block.code.split(separator: "\n", omittingEmptySubsequences: false) {
                var line = String(line).replacingOccurrences(of: "swift run aiops", with: "aiops")
                    .replacingOccurrences(of: placeholderInstance, with: "$DOCS_TEST_INSTANCE")
                if let moto {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    if code.hasPrefix("moto_server ") || code.hasPrefix(".venv/bin/moto_server ") { continue }
                    line = line.replacingOccurrences(
                        of: #"http://127\.0\.0\.1:50[0-9][0-9]"#, with: moto.url.absoluteString,
                        options: .regularExpression)
                }
                lines.append(line)
            }
        }
        lines.append("echo 'docs-test: done' >&2")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Stops at the first failing command; `aiops` is the built one, and its long-running
    /// commands run until their dashboard is up, then get Ctrl-C's SIGINT and must exit 0.
    static let prelude = #"""
        set -e
        DOCS_TEST_INSTANCE="${DOCS_TEST_INSTANCE:-}"
        aiops() {
            case "$1" in
            demo | run)
                case " $* " in
                *" --duration "* | *" --once "* | *" --help "* | *" --no-server "*) command "$AIOPS_BIN" "$@"; return ;;
                esac
                local arguments=() next_is_port=0 argument
                for argument in "$@"; do
                    if [ "$next_is_port" = 1 ]; then arguments+=(0); next_is_port=0; continue; fi
                    [ "$argument" = --port ] && next_is_port=1
                    arguments+=("$argument")
                done
                case " ${arguments[*]} " in *" --port "*) ;; *) arguments+=(--port 0) ;; esac
                "$AIOPS_BIN" "${arguments[@]}" >long-running.out 2>long-running.err &
                local pid=$! tries=0 status=0
                while [ "$tries" -lt 2400 ] && kill -0 "$pid" 2>/dev/null; do
                    grep -qs 'dashboard: http://' long-running.out long-running.err && break
                    sleep 0.25; tries=$((tries + 1))
                done
                kill -INT "$pid" 2>/dev/null || true
                wait "$pid" || status=$?
                cat long-running.out; cat long-running.err >&2
                if ! grep -qs 'dashboard: http://' long-running.out long-running.err; then
                    echo "docs-test: 'aiops $*' never served its dashboard" >&2; return 1
                fi
                if [ "$status" != 0 ]; then echo "docs-test: 'aiops $*' exited $status on SIGINT" >&2; fi
                return "$status"
                ;;
            *) command "$AIOPS_BIN" "$@" ;;
            esac
        }
        """#

    /// The folder a reader would stand in: a checkout's `scripts`, `.venv` and `testdata`, with
    /// the shared reference data at `../shared/testdata`.
    static func lay(work: URL, shared: URL) throws {
        let files = FileManager.default
        try files.createDirectory(at: work, withIntermediateDirectories: true)
        try files.createDirectory(at: shared, withIntermediateDirectories: true)
        let venv =
            ProcessInfo.processInfo.environment["AIOPS_VENV"].map { URL(fileURLWithPath: $0) }
            ?? Paths.packageRoot.appendingPathComponent(".venv")
        let links = [
            ("scripts", Paths.packageRoot.appendingPathComponent("scripts")), (".venv", venv),
            ("testdata", ReferenceData.root),
        ]
        for (name, target) in links {
            try files.createSymbolicLink(at: work.appendingPathComponent(name), withDestinationURL: target)
        }
        try files.createSymbolicLink(
            at: shared.appendingPathComponent("testdata"), withDestinationURL: ReferenceData.root)
    }
}

/// One fenced shell block of a document, with the reason it is skipped if it is.
struct DocsExample {
    var document: String
    var line: Int
    var code: String
    var skipReason: String?

    var location: String { "\(document):\(line)" }

    static let marker = "<!-- docs-test: skip:"

    /// The ```sh / ```bash blocks of `document` (a path from the package root).
    static func blocks(of document: String) throws -> [DocsExample] {
        let text = try String(contentsOf: Paths.packageRoot.appendingPathComponent(document), encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        var blocks: [DocsExample] = []
        var index = 0
        while index < lines.count {
            let fence = lines[index].trimmingCharacters(in: .whitespaces)
            guard fence == "```sh" || fence == "```bash" else {
                if fence.hasPrefix("```") { index = closingFence(lines, after: index) }
                index += 1
                continue
            }
            let end = closingFence(lines, after: index)
            let previous = lines[..<index].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            let reason = previous.flatMap { line -> String? in
                let line = line.trimmingCharacters(in: .whitespaces)
                guard line.hasPrefix(marker), line.hasSuffix("-->") else { return nil }
                return line.dropFirst(marker.count).dropLast(3).trimmingCharacters(in: .whitespaces)
            }
            let code = lines[(index + 1)..<end].joined(separator: "\n")
            blocks.append(DocsExample(document: document, line: index + 1, code: code, skipReason: reason))
            index = end + 1
        }
        return blocks
    }

    private static func closingFence(_ lines: [String], after start: Int) -> Int {
        var index = start + 1
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces) != "```" { index += 1 }
        return index
    }
}
