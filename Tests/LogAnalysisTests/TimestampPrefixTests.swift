import Testing

@testable import LogAnalysis

struct TimestampPrefixTests {
    @Test(arguments: [
        (
            "2026-09-24 09:50:01.123 UTC [4242] FATAL: sorry, too many clients already",
            "[4242] FATAL: sorry, too many clients already"
        ),
        ("2026-09-24T09:50:01Z level=error msg=boom", "level=error msg=boom"),
        ("2026-09-24T09:50:01.123456+02:00 ERROR x", "ERROR x"),
        ("2026-09-24 09:29:00,812  WARN 1 --- [main] c.e.Payment : retry", "WARN 1 --- [main] c.e.Payment : retry"),
        ("2026/09/24 09:50:01 [error] 17#17: *3 upstream timed out", "[error] 17#17: *3 upstream timed out"),
        ("2026-09-24 09:50:01 +0000 kernel: oom", "kernel: oom"),
        ("Dec 10 06:55:46 LabSZ sshd[24200]: Invalid user webmaster", "LabSZ sshd[24200]: Invalid user webmaster"),
        ("Sep  4 09:50:01 host cron[1]: job", "host cron[1]: job"),
        ("[24/Sep/2026:09:50:01 +0000] \"GET / HTTP/1.1\" 500", "\"GET / HTTP/1.1\" 500"),
        ("[Thu Sep 24 09:50:01.123456 2026] [core:error] [pid 7] AH00124", "[core:error] [pid 7] AH00124"),
        ("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok", "[notice] workerEnv.init() ok"),
    ])
    func stripsRecognisedTimestamps(line: String, rest: String) {
        #expect(TimestampPrefix.strip(line) == rest[...])
    }

    @Test(arguments: [
        "ERROR 2026-09-24 09:50:01 not at the start",
        "2026-09-24 is a date without a time",
        "20260-09-24 09:50:01 too many digits",
        "2026-09-24 09:50:01x glued to a word",
        "Sept 24 09:50:01 not a syslog month",
        "[2026-09-24 09:50:01 unclosed bracket",
        "12:30:00 a bare clock is kept",
        "2026-09-24 09:50:01",
        "",
    ])
    func leavesOtherLinesAlone(line: String) {
        #expect(TimestampPrefix.strip(line) == line[...])
    }

    @Test func templatesOfTimestampedLinesStartWithWhatTheLineSays() {
        let lines = (0..<20).map {
            String(
                format: "2026-09-24 09:%02d:%02d.%03d UTC [%d] FATAL: sorry, too many clients already", $0, $0 * 2,
                $0 * 7, 4000 + $0)
        }
        var miner = TemplateMiner()
        let matches = lines.map { miner.add(TimestampPrefix.strip($0)) }
        let template = miner.template(of: matches[19]).text
        #expect(template == "[<*>] FATAL: sorry, too many clients already")
    }
}
