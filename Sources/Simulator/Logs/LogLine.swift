/// The file a line is written to; its CloudWatch log group (the stream is the instance id).
enum LogGroup: String, Sendable {
    case nginxAccess = "/ec2/nginx/access"
    case nginxError = "/ec2/nginx/error"
    case app = "/ec2/app"
    case syslog = "/ec2/syslog"
    case secure = "/ec2/secure"
}

/// One generated line before it becomes a `LogEvent`.
struct LogLine: Sendable {
    /// Seconds since 1970.
    var time: Double
    var group: LogGroup
    var message: String
}

/// What a template needs to render a line: the instance and the line's time.
struct LineContext {
    let member: FleetMember
    let time: CivilTime
    /// The main service's process id (changes at every boot and restart).
    let pid: Int
    /// Seconds since the kernel booted, for `kernel: [  123.456789]` prefixes.
    let uptime: Double
    let seed: UInt64
}

/// A line's group and text, before its time is attached.
struct LogBody: Sendable {
    var group: LogGroup
    var message: String

    init(_ group: LogGroup, _ message: String) {
        self.group = group
        self.message = message
    }
}

/// Renders one kind of line with fresh variable parts.
struct LogTemplate: Sendable {
    let weight: Double
    let render: @Sendable (inout SplitMix64, LineContext) -> LogBody

    init(_ weight: Double = 1, _ render: @escaping @Sendable (inout SplitMix64, LineContext) -> LogBody) {
        self.weight = weight
        self.render = render
    }
}

extension SplitMix64 {
    /// A template drawn by weight.
    mutating func pick(_ templates: [LogTemplate]) -> LogTemplate {
        let total = templates.reduce(0) { $0 + $1.weight }
        var target = unit() * total
        for template in templates {
            target -= template.weight
            if target < 0 { return template }
        }
        return templates[templates.count - 1]
    }
}
