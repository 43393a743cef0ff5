import Foundation
import TestSupport
import Testing

/// `aiops mine-logs` run as a real subprocess on real files.
@Suite("aiops mine-logs")
struct MineLogsTests {
    @Test("plain text: one row per input line, with the final template of its group")
    func plainText() throws {
        let dir = try TemporaryDirectory("mine-logs")
        let input = try dir.write(
            "app.log",
            """
            Invalid user alice from 10.0.0.1
            Connection closed by 10.0.0.1 port 22
            Invalid user bob from 10.0.0.2
            Invalid user carol from 10.0.0.3

            """)
        let out = dir.file("out.csv")
        let result = try Subprocess.aiops(["mine-logs", "--input", input.path, "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rows.first == "line,template_id,template")
        #expect(rows.count == 5)
        let fields = rows.dropFirst().map { $0.split(separator: ",", maxSplits: 2).map(String.init) }
        #expect(fields.map { $0[0] } == ["1", "2", "3", "4"])
        // The first line reports the template as it ended, not as it was when the line came in.
        #expect(fields[0][2] == "Invalid user <*> from <*>")
        #expect(fields[0][1] == fields[2][1] && fields[0][1] == fields[3][1])
        #expect(fields[1][1] != fields[0][1])
    }

    @Test("CSV: the named column, numbered by data row, templates quoted when they hold commas")
    func csv() throws {
        let dir = try TemporaryDirectory("mine-logs")
        let input = try dir.write(
            "events.csv",
            "ts,message\n1,\"acquire lock=1, flags=0x1\"\n2,\"acquire lock=2, flags=0x2\"\n"
                + "3,\"Multi-line\nmessage with \"\"quotes\"\"\"\n")
        let out = dir.file("out.csv")
        let result = try Subprocess.aiops([
            "mine-logs", "--input", input.path, "--column", "message", "--out", out.path,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.hasPrefix("line,template_id,template\n1,tpl-"))
        #expect(text.contains(",\"acquire lock=<*>, flags=<*>\"\n2,tpl-"))
        #expect(text.contains("\n3,tpl-"))
        // The line break is whitespace to the miner; quotes are plain characters (a quoted span as
        // one value helped one LogHub set alone, so leave-one-out dropped it: docs/log-analysis.md).
        #expect(text.contains("\"Multi-line message with \"\"quotes\"\"\"\n"))
    }

    @Test("bad input: a clear error and a non-zero exit")
    func badInput() throws {
        let dir = try TemporaryDirectory("mine-logs")
        let csv = try dir.write("events.csv", "ts,message\n1,hello\n")
        let missing = try Subprocess.aiops(
            ["mine-logs", "--input", csv.path, "--column", "msg", "--out", dir.file("o.csv").path])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no column \"msg\""))
        #expect(missing.stderr.contains("\"message\""))

        let unreadable = try Subprocess.aiops(
            ["mine-logs", "--input", dir.file("absent.log").path, "--out", dir.file("o.csv").path])
        #expect(unreadable.status != 0)
        #expect(unreadable.stderr.contains("cannot read the input file"))

        let broken = try dir.write("broken.csv", "ts,message\n1,\"never closed\n")
        let malformed = try Subprocess.aiops(["mine-logs", "--input", broken.path, "--out", dir.file("o.csv").path])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("never closed"))
        #expect(!FileManager.default.fileExists(atPath: dir.file("o.csv").path))
    }
}
