import AIOpsCore
import LogAnalysis
import Testing

@Suite("Severity classifier")
struct SeverityClassifierTests {
    @Test(
        "explicit level tokens win",
        arguments: [
            ("2024-05-01T10:00:00Z ERROR [main] request failed", LogLevel.error),
            ("2024-05-01 10:00:00,123 WARN  Pool nearly exhausted", .warn),
            ("2024-05-01 10:00:00 FATAL cannot start", .fatal),
            ("[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6", .error),
            ("[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok", .info),
            ("03-17 16:13:38.811  1702  2395 E WindowManager: surface lost", .error),
            ("03-17 16:13:38.811  1702  2395 W AudioFlinger: underrun", .warn),
            ("03-17 16:13:38.811  1702  2395 D PowerManager: exception ignored", .debug),
            ("E/ActivityManager( 1702): ANR in com.example", .error),
            ("<3>Jan 1 00:00:00 host app: something", .error),
            ("<12>Jan 1 00:00:00 host app: disk failed", .warn),
            ("{\"level\":\"error\",\"msg\":\"db down\"}", .error),
            ("time=1 level=info msg=\"retry failed\"", .info),
            ("2024-05-01 10:00:00 INFO Error budget report: 0 errors", .info),
            ("Info CBS Loaded Servicing Stack", .info),
        ])
    func explicitLevels(line: String, expected: LogLevel) {
        #expect(SeverityClassifier.level(of: line) == expected, "\(line)")
    }

    @Test(
        "failing an explicit level, the wording decides",
        arguments: [
            ("java.lang.OutOfMemoryError: Java heap space", LogLevel.fatal),
            ("kernel: Out of memory: Killed process 1234 (java)", .fatal),
            ("Segmentation fault (core dumped)", .fatal),
            ("panic: runtime error: index out of range", .fatal),
            ("Traceback (most recent call last):", .error),
            ("java.lang.NullPointerException at Foo.bar", .error),
            ("connect to db-1:5432 refused", .error),
            ("Request timed out after 30s", .error),
            ("worker killed by signal 9", .error),
            ("Deprecated option used; retrying with defaults", .warn),
            ("GET /api/users 200 12ms", .info),
            ("completed with no errors", .info),
            ("errors=0 warnings=0", .info),
            ("I think it is fine", .info),
        ])
    func wording(line: String, expected: LogLevel) {
        #expect(SeverityClassifier.level(of: line) == expected, "\(line)")
    }
}
