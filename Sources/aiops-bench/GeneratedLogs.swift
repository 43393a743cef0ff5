import Foundation

/// Log lines generated from the formats real systems write, each with the id of the event that
/// wrote it (its true template): RFC 3164 and RFC 5424 syslog from several daemons and the kernel,
/// a forward proxy's connection lines, OpenStack-style API request lines, key=value and JSON
/// lines. Written from the formats, not copied from anyone's labelled logs. The miner is not tuned
/// on it: `aiops-bench drain` scores it as a held-out check.
struct GeneratedLogs {
    private var state: UInt64

    init(seed: UInt64) { state = seed | 1 }

    /// `count` lines, as (line, true event id), in random event order.
    mutating func lines(_ count: Int) -> [(line: String, event: String)] {
        (0..<count).map { _ in line() }
    }

    private mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }

    private mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }

    private static let hexDigits = Array("0123456789abcdef")

    private mutating func hex(_ n: Int) -> String {
        var text = ""
        for _ in 0..<n { text.append(Self.hexDigits[Int(next() % 16)]) }
        return text
    }

    private mutating func uuid() -> String { "\(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))" }
    private mutating func ip() -> String { "\(int(1...223)).\(int(0...255)).\(int(0...255)).\(int(1...254))" }
    private mutating func clock() -> String { String(format: "%02d:%02d:%02d", int(0...23), int(0...59), int(0...59)) }
    private mutating func month() -> String { pick(["Jan", "Feb", "Mar", "Jun", "Jul", "Oct", "Nov", "Dec"]) }
    private mutating func day() -> String { pick(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]) }
    private mutating func host() -> String { pick(["web-1", "web-2", "db-1", "gateway", "mail", "build-7"]) }
    private mutating func user() -> String { pick(["root", "alice", "bob", "deploy", "postgres", "admin", "git"]) }
    private mutating func site() -> String {
        pick(["www.example.com", "api.example.org", "cdn.static.net", "login.corp.local", "updates.vendor.io"])
    }

    private mutating func rfc3164(_ program: String, _ message: String) -> String {
        "<\(int(1...191))>\(month()) \(String(format: "%2d", int(1...28))) \(clock()) \(host()) \(program)[\(int(100...65000))]: \(message)"
    }

    private mutating func kernel(_ message: String) -> String {
        "\(month()) \(int(1...28)) \(clock()) \(host()) kernel: [\(String(format: "%8.4f", Double(int(1...999_999)) / 97.0))] \(message)"
    }

    private mutating func rfc5424(_ app: String, _ message: String) -> String {
        "<\(int(1...191))>1 2026-\(String(format: "%02d-%02dT%@.%03dZ", int(1...12), int(1...28), clock(), int(0...999))) \(host()) \(app) \(int(100...65000)) - - \(message)"
    }

    private mutating func line() -> (line: String, event: String) {
        switch int(0...25) {
        case 0:
            return (
                rfc3164(
                    "sshd",
                    "Accepted publickey for \(user()) from \(ip()) port \(int(1024...65535)) ssh2: RSA SHA256:\(hex(20))"
                ), "ssh-accepted"
            )
        case 1:
            return (
                rfc3164(
                    "sshd", "Failed password for invalid user \(user()) from \(ip()) port \(int(1024...65535)) ssh2"),
                "ssh-failed"
            )
        case 2:
            return (
                rfc3164("sshd", "pam_unix(sshd:session): session opened for user \(user()) by (uid=\(int(0...1000)))"),
                "pam-open"
            )
        case 3: return (rfc3164("sshd", "pam_unix(sshd:session): session closed for user \(user())"), "pam-close")
        case 4:
            return (
                rfc3164(
                    "CRON",
                    "(\(user())) CMD (\(pick(["/usr/lib/php/sessionclean", "test -x /usr/sbin/anacron", "run-parts /etc/cron.hourly"])))"
                ), "cron-cmd"
            )
        case 5: return (rfc3164("systemd", "Started Session \(int(1...9999)) of user \(user())."), "systemd-session")
        case 6:
            return (
                rfc3164(
                    "ftpd",
                    "connection from \(ip()) (\(pick(["", "host-\(int(1...99)).isp.net", "dsl.provider.com"]))) at \(day()) \(month()) \(int(1...28)) \(clock()) 2026"
                ), "ftpd-connection"
            )
        case 7:
            return (
                kernel("eth\(int(0...3)): link up, \(pick(["100", "1000", "10000"]))Mbps, full-duplex"), "kernel-link"
            )
        case 8:
            return (
                kernel(
                    "Out of memory: Killed process \(int(100...65000)) (\(pick(["java", "python3", "node"]))) total-vm:\(int(1000...9_999_999))kB, anon-rss:\(int(1000...999_999))kB"
                ), "kernel-oom"
            )
        case 9:
            return (
                kernel("EXT4-fs (sda\(int(1...4))): mounted filesystem with ordered data mode. Opts: (null)"),
                "kernel-ext4"
            )
        case 10:
            return (
                kernel(
                    "usb \(int(1...4))-\(int(1...8)): new high-speed USB device number \(int(2...40)) using xhci_hcd"),
                "kernel-usb"
            )
        case 11:
            return (
                "\(site()):\(pick([80, 443, 8443])) open through proxy 10.0.\(int(0...9)).\(int(1...254)):8080 HTTPS",
                "proxy-open-https"
            )
        case 12:
            return (
                "\(site()):\(pick([80, 443, 8443])) open through proxy 10.0.\(int(0...9)).\(int(1...254)):1080 SOCKS5",
                "proxy-open-socks"
            )
        case 13:
            let lifetime = int(0...1) == 0 ? "<1 sec" : String(format: "%02d:%02d", int(0...59), int(0...59))
            return (
                "\(site()):443 close, \(int(0...9999)) bytes sent, \(int(0...9999)) bytes received, lifetime \(lifetime)",
                "proxy-close"
            )
        case 14:
            return (
                "\(site()):443 close, \(int(10000...999_999)) bytes (\(int(10...999)).\(int(0...99)) KB) sent, \(int(10000...999_999)) bytes (\(int(10...999)).\(int(0...99)) KB) received, lifetime \(String(format: "%02d:%02d", int(0...59), int(0...59)))",
                "proxy-close-kb"
            )
        case 15:
            return (
                "\(site()):443 error : Could not connect through proxy 10.0.0.\(int(1...254)):8080 - Proxy server cannot establish a connection with the target, status code \(pick([403, 502, 503]))",
                "proxy-error"
            )
        case 16, 17:
            let prefix =
                "2026-12-04 17:\(int(10...59)):\(int(10...59)).\(int(100...999)) \(int(1000...30000)) INFO nova.osapi_compute.wsgi.server [req-\(uuid()) \(hex(32)) \(hex(32)) - - -]"
            let path = pick([
                "/v2/\(hex(32))/servers/detail", "/v2/\(hex(32))/servers/\(uuid())",
                "/v2/\(hex(32))/os-server-external-events",
            ])
            let method = int(0...4)
            let verb = method < 3 ? "GET" : method == 3 ? "POST" : "DELETE"
            return (
                "\(prefix) \(ip()) \"\(verb) \(path) HTTP/1.1\" status: \(pick([200, 202, 204, 404])) len: \(int(200...5000)) time: 0.\(int(1_000_000...9_999_999))",
                "osapi-\(verb)"
            )
        case 18:
            return (
                "2026-12-04 17:\(int(10...59)):\(int(10...59)).\(int(100...999)) \(int(1000...30000)) INFO nova.compute.manager [instance: \(uuid())] VM \(pick(["Started", "Paused", "Resumed"])) (Lifecycle Event)",
                "nova-lifecycle"
            )
        case 19:
            return (
                "2026-12-04 17:\(int(10...59)):\(int(10...59)).\(int(100...999)) \(int(1000...30000)) INFO nova.compute.manager [req-\(uuid()) - - - - -] [instance: \(uuid())] Took \(int(1...60)).\(int(10...99)) seconds to spawn the instance on the hypervisor.",
                "nova-spawn"
            )
        case 20:
            return (
                "ts=2026-12-04T17:\(int(10...59)):\(int(10...59))Z level=info msg=\"request done\" method=GET path=/api/items/\(int(1...99999)) status=200 duration_ms=\(int(1...900))",
                "kv-request"
            )
        case 21:
            return (
                "ts=2026-12-04T17:\(int(10...59)):\(int(10...59))Z level=warn msg=\"cache miss\" key=\(pick(["user", "cart", "session"])):\(int(1...99999)) shard=\(int(0...15))",
                "kv-cache"
            )
        case 22:
            return (
                "{\"level\":\"error\",\"ts\":\"2026-12-04T17:\(int(10...59)):\(int(10...59))Z\",\"msg\":\"payment declined\",\"order\":\"\(uuid())\",\"amount\":\(int(1...999)).\(int(10...99))}",
                "json-payment"
            )
        case 23:
            return (
                "{\"level\":\"info\",\"ts\":\"2026-12-04T17:\(int(10...59)):\(int(10...59))Z\",\"msg\":\"user signed in\",\"user\":\"\(user())\",\"ip\":\"\(ip())\"}",
                "json-signin"
            )
        case 24:
            return (
                rfc5424(
                    "nginx",
                    "upstream timed out (110: Connection timed out) while reading response header from upstream, client: \(ip()), server: \(site()), request: \"GET /api/\(pick(["cart", "items", "orders"]))/\(int(1...9999)) HTTP/1.1\""
                ), "nginx-timeout"
            )
        default:
            return (
                rfc5424(
                    "postgres",
                    "LOG:  duration: \(int(1...9999)).\(int(100...999)) ms  statement: SELECT * FROM \(pick(["orders", "users", "items"])) WHERE id = \(int(1...99999))"
                ), "pg-duration"
            )
        }
    }
}
