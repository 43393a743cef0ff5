import Foundation

/// The line prefixes of the services the simulated instances run, as they write them.
enum LogFormat {
    /// Spring Boot's default console pattern: `2026-11-25 14:02:11.123  INFO 2345 --- [thread] logger : message`.
    static func spring(_ c: LineContext, _ level: String, _ thread: String, _ logger: String, _ message: String)
        -> LogBody
    {
        let paddedLevel = String(repeating: " ", count: max(0, 5 - level.count)) + level
        // Spring right-aligns the thread in 15 columns and cuts longer names from the left.
        let paddedThread =
            thread.count > 15 ? String(thread.suffix(15)) : String(repeating: " ", count: 15 - thread.count) + thread
        let paddedLogger = logger.count >= 40 ? logger : logger + String(repeating: " ", count: 40 - logger.count)
        return LogBody(.app, "\(c.time.iso) \(paddedLevel) \(c.pid) --- [\(paddedThread)] \(paddedLogger) : \(message)")
    }

    /// A bare line of a Java stack trace or exception, as the agent ships it without multi-line grouping.
    static func raw(_ text: String) -> LogBody { LogBody(.app, text) }

    /// Celery's worker log: `[2026-11-25 14:02:11,123: INFO/ForkPoolWorker-3] message`.
    static func celery(_ c: LineContext, _ level: String, _ process: String, _ message: String) -> LogBody {
        LogBody(.app, "[\(c.time.python): \(level)/\(process)] \(message)")
    }

    /// PostgreSQL's `log_line_prefix = '%m [%p] '`: `2026-11-25 14:02:11.123 UTC [4321] LOG:  message`.
    static func postgres(_ c: LineContext, _ level: String, _ message: String, pid: Int? = nil) -> LogBody {
        LogBody(.app, "\(c.time.iso) UTC [\(pid ?? c.pid)] \(level):  \(message)")
    }

    /// A syslog line: `Nov 25 14:02:11 ip-10-0-1-23 sshd[1234]: message`.
    static func syslog(_ c: LineContext, _ process: String, _ pid: Int?, _ message: String, group: LogGroup = .syslog)
        -> LogBody
    {
        let tag = pid.map { "\(process)[\($0)]" } ?? process
        return LogBody(group, "\(c.time.syslog) \(c.member.hostname) \(tag): \(message)")
    }

    /// A kernel line with its uptime stamp: `kernel: [ 8123.456789] message`.
    static func kernel(_ c: LineContext, _ message: String) -> LogBody {
        let stamp = String(format: "%12.6f", c.uptime)
        return syslog(c, "kernel", nil, "[\(stamp)] \(message)")
    }

    /// nginx's combined access log with timings.
    static func nginxAccess(
        _ c: LineContext, ip: String, request: String, status: Int, bytes: Int, agent: String, seconds: Double
    ) -> LogBody {
        let rt = String(format: "%.3f", seconds)
        return LogBody(
            .nginxAccess,
            "\(ip) - - [\(c.time.nginxAccess)] \"\(request) HTTP/1.1\" \(status) \(bytes) \"-\" \"\(agent)\" rt=\(rt)")
    }

    /// nginx's error log: `2026/11/25 14:02:11 [error] 1234#1234: *5678 message`.
    static func nginxError(_ c: LineContext, _ level: String, connection: Int?, _ message: String) -> LogBody {
        let worker = 1000 + c.pid % 900
        let conn = connection.map { "*\($0) " } ?? ""
        return LogBody(.nginxError, "\(c.time.nginxError) [\(level)] \(worker)#\(worker): \(conn)\(message)")
    }

    /// `12.345` with `digits` decimals.
    static func decimal(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
