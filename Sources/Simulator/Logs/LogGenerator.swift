import AIOpsCore
import Foundation

/// Generates an instance's log lines as a pure function of (seed, instance, minute, timeline).
///
/// Each minute draws from its own random streams (traffic, routine, background noise, one per
/// fault), so a minute reads the same whichever window it is asked in, and a fault or a reboot
/// changes only the lines it should.
struct LogGenerator: Sendable {
    let seed: UInt64
    let linesPerMinute: Double
    let backgroundNoise: Double
    let model: MetricModel

    private enum Stream: UInt64 {
        case traffic = 1
        case routine, background, lifecycle
    }

    /// The lines of `[from, to)`, oldest first.
    func events(of member: FleetMember, timeline: Timeline, from: Double, to: Double) -> [LogEvent] {
        guard to > from else { return [] }
        var events: [LogEvent] = []
        let first = Int64((from / 60).rounded(.down))
        let last = Int64((to / 60).rounded(.up))
        for minute in first..<last {
            for line in lines(of: member, timeline: timeline, minute: minute) where line.time >= from && line.time < to
            {
                events.append(
                    LogEvent(
                        timestamp: Date(timeIntervalSince1970: line.time), message: line.message,
                        source: "\(line.group.rawValue)/\(member.id)"))
            }
        }
        return events
    }

    /// One minute's lines, sorted by time.
    func lines(of member: FleetMember, timeline: Timeline, minute: Int64) -> [LogLine] {
        var emitter = Emitter(generator: self, member: member, timeline: timeline, minute: minute)
        let start = emitter.start
        let role = RoleLogs.of(member.role)
        let profile = RoleProfile.of(member.role)

        var rng = emitter.stream(Stream.traffic.rawValue)
        let traffic = model.trafficLevel(of: member, at: start + 30, faults: timeline.faults(at: start + 30))
        let rate = linesPerMinute * member.loadLevel * (1 - profile.logTrafficShare + profile.logTrafficShare * traffic)
        // A crash-looping service serves nothing, so it logs no requests.
        let serving: (Double) -> Bool = { t in !timeline.faults.contains { $0.kind == .crashLoop && $0.covers(t) } }
        for _ in 0..<rng.poisson(rate) {
            let t = emitter.randomTime(&rng)
            emitter.emit(rng.pick(role.traffic), at: t, &rng, valid: serving)
        }

        rng = emitter.stream(Stream.routine.rawValue)
        for _ in 0..<rng.poisson(0.35) {
            let t = emitter.randomTime(&rng)
            emitter.emit(rng.pick(SystemLogs.routine), at: t, &rng)
        }

        // The benign WARN/ERROR background does not scale with load: a surge must not look
        // like an error storm.
        rng = emitter.stream(Stream.background.rawValue)
        for _ in 0..<rng.poisson(0.2 * backgroundNoise) {
            let t = emitter.randomTime(&rng)
            emitter.emit(rng.chance(0.6) ? rng.pick(role.benign) : rng.pick(SystemLogs.benign), at: t, &rng)
        }

        for fault in timeline.faults where fault.coverage(from: start, to: start + 60) > 0 {
            FaultLogs.lines(for: fault, role: role, model: model, into: &emitter)
        }
        lifecycle(role: role, into: &emitter)
        return emitter.sorted()
    }

    /// Shutdown lines when an outage starts, boot lines when one ends. A sequence can run into
    /// the next minute, so each minute also replays the sequences that began shortly before it
    /// and keeps its own share of their lines; their random draws are keyed by the event, not the
    /// minute, so both minutes render them alike.
    private func lifecycle(role: RoleLogs, into emitter: inout Emitter) {
        let start = emitter.start
        for outage in emitter.timeline.outages {
            if outage.start >= start && outage.start < start + 60 && !emitter.timeline.isDown(at: outage.start - 0.001)
            {
                // Written as the host goes down: kept although the instance counts as down.
                let lines = SystemLogs.shutdown(
                    emitter.context(at: outage.start), role: role, reboot: outage.kind == .reboot)
                for (i, body) in lines.enumerated() { emitter.append(body, at: outage.start + 0.001 * Double(i)) }
            }
            if outage.end >= start - 30 && outage.end < start + 60 {
                var rng = emitter.eventStream(outage.end, key: Stream.lifecycle.rawValue)
                emitter.emitSequence(at: outage.end, spacing: 0.4, &rng) { rng, c in
                    SystemLogs.boot(&rng, c, role: role)
                }
                emitter.emitSequence(at: outage.end + 6, spacing: 0.7, &rng) { rng, c in role.startup(&rng, c) }
            }
        }
    }
}
