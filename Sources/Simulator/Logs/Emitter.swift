/// Collects one minute's lines: renders templates with the right context and drops lines the
/// instance could not have written (while it was down, or outside the fault that writes them).
struct Emitter {
    let generator: LogGenerator
    let member: FleetMember
    let timeline: Timeline
    let minute: Int64
    /// The minute's first second (since 1970).
    let start: Double
    private var lines: [LogLine] = []

    init(generator: LogGenerator, member: FleetMember, timeline: Timeline, minute: Int64) {
        self.generator = generator
        self.member = member
        self.timeline = timeline
        self.minute = minute
        self.start = Double(minute) * 60
    }

    /// The random stream `key` of this instance and minute.
    func stream(_ key: UInt64) -> SplitMix64 {
        SplitMix64(generator.seed, UInt64(member.index), UInt64(bitPattern: minute), key)
    }

    /// The random stream of an event at `t` (a boot, a restart): the same whichever minute asks.
    func eventStream(_ t: Double, key: UInt64) -> SplitMix64 {
        SplitMix64(generator.seed, UInt64(member.index), UInt64(bitPattern: Int64((t * 1000).rounded())), key)
    }

    /// A time in this minute, to the millisecond (as CloudWatch Logs keeps it), early enough for
    /// a short burst of lines to fit in the minute.
    func randomTime(_ rng: inout SplitMix64) -> Double { start + Double(rng.int(0...59_900)) / 1000 }

    /// The context of a line written at `t`; `pid` overrides the main service's process id.
    func context(at t: Double, pid: Int? = nil) -> LineContext {
        let boots = timeline.bootCount(at: t)
        let servicePID =
            pid ?? 1000 + Int(Hash.combine(generator.seed, UInt64(member.index), UInt64(boots), 7) % 60_000)
        let uptime: Double
        if let boot = timeline.lastBoot(atOrBefore: t) {
            uptime = t - boot
        } else {
            // Never rebooted in the simulation: up for days, a different number per instance.
            uptime = 86_400 * Double(3 + member.index % 20) + t.truncatingRemainder(dividingBy: 2_592_000)
        }
        return LineContext(
            member: member, time: CivilTime(epochMilliseconds: Int64((t * 1000).rounded())), pid: servicePID,
            uptime: uptime, seed: generator.seed)
    }

    /// Renders `template` at `t`; kept when the instance is up and done booting then, and `valid`
    /// holds. It is rendered either way, so the lines after it draw the same numbers whatever is
    /// dropped.
    mutating func emit(
        _ template: LogTemplate, at t: Double, _ rng: inout SplitMix64, valid: (Double) -> Bool = { _ in true }
    ) {
        let body = template.render(&rng, context(at: t))
        let booting = timeline.outages.contains { $0.end <= t && t < $0.end + Self.bootSeconds }
        if !timeline.isDown(at: t) && !booting && valid(t) { append(body, at: t) }
    }

    /// How long after an outage the services are still starting: routine lines wait for them.
    static let bootSeconds: Double = 10

    /// Renders a sequence at `t` (one line every `spacing` seconds); each line is kept when the
    /// instance is up then and `valid` holds.
    mutating func emitSequence(
        at t: Double, spacing: Double, _ rng: inout SplitMix64, pid: Int? = nil,
        valid: (Double) -> Bool = { _ in true }, _ render: LineSequence
    ) {
        let bodies = render(&rng, context(at: t, pid: pid))
        for (i, body) in bodies.enumerated() {
            let time = t + spacing * Double(i)
            if time >= start && time < start + 60 && !timeline.isDown(at: time) && valid(time) {
                append(body, at: time)
            }
        }
    }

    /// Adds a line unconditionally.
    mutating func append(_ body: LogBody, at t: Double) {
        lines.append(LogLine(time: (t * 1000).rounded() / 1000, group: body.group, message: body.message))
    }

    /// The lines by time; lines of the same millisecond keep the order they were written in.
    func sorted() -> [LogLine] {
        lines.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }
}
