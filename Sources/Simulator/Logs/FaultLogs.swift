import Foundation

/// The lines a fault makes an instance write.
///
/// Line counts are drawn for the whole minute and lines outside the fault are dropped after
/// rendering, so ending a fault (a reboot) never changes the lines written before it ended.
enum FaultLogs {
    /// Seconds between two starts of a crash-looping service (systemd `RestartSec` plus start-up).
    static let crashCycle: Double = 40

    static func lines(for fault: ActiveFault, role: RoleLogs, model: MetricModel, into e: inout Emitter) {
        switch fault.kind {
        case .cpuRunaway: cpuRunaway(fault, role, &e)
        case .memoryLeak: memoryLeak(fault, role, model, &e)
        case .errorBurst: errorBurst(fault, role, &e)
        case .crashLoop: crashLoop(fault, role, &e)
        case .trafficSurge: break  // more INFO lines through traffic, and nothing else
        case .networkDegradation: networkDegradation(fault, role, &e)
        case .diskFull: diskFull(fault, role, &e)
        }
    }

    /// Writes failing for want of space: the service, and the journal dropping its own entries.
    private static func diskFull(_ fault: ActiveFault, _ role: RoleLogs, _ e: inout Emitter) {
        var rng = e.stream(fault.key ^ 0xD15C)
        for _ in 0..<rng.poisson(12) {
            let t = e.randomTime(&rng)
            e.emitSequence(at: t, spacing: 0, &rng, valid: fault.covers) { rng, c in
                [
                    LogFormat.syslog(
                        c, role.process, c.pid,
                        "ERROR write /var/lib/\(role.process)/spool/\(rng.int(10_000...99_999)).tmp: No space left on device"
                    )
                ]
            }
        }
        for _ in 0..<rng.poisson(2) {
            let t = e.randomTime(&rng)
            e.emitSequence(at: t, spacing: 0, &rng, valid: fault.covers) { _, c in
                [
                    LogFormat.syslog(
                        c, "systemd-journald", 400 + c.member.index % 90,
                        "Failed to write entry (22 items, 705 bytes), ignoring: No space left on device")
                ]
            }
        }
    }

    /// Slow requests, and the ENA driver resetting a transmit queue that stalled.
    private static func networkDegradation(_ fault: ActiveFault, _ role: RoleLogs, _ e: inout Emitter) {
        var rng = e.stream(fault.key ^ 0x4E7)
        for _ in 0..<rng.poisson(5) {
            let t = e.randomTime(&rng)
            e.emit(role.slow, at: t, &rng, valid: fault.covers)
        }
        for _ in 0..<rng.poisson(2) {
            let t = e.randomTime(&rng)
            e.emitSequence(at: t, spacing: 0, &rng, valid: fault.covers) { rng, c in
                [
                    LogFormat.kernel(
                        c, "ena 0000:00:05.0 eth0: TX timed out on queue \(rng.int(0...3)), resetting device")
                ]
            }
        }
    }

    private static func cpuRunaway(_ fault: ActiveFault, _ role: RoleLogs, _ e: inout Emitter) {
        // Half the runaways are someone running `stress` by hand; the others leave no trace but slowness.
        if fault.key % 2 == 0 && fault.start >= e.start && fault.start < e.start + 60 {
            var rng = e.eventStream(fault.start, key: fault.key)
            e.emitSequence(at: fault.start, spacing: 0, &rng, valid: fault.covers) { rng, c in
                [SystemLogs.stress(&rng, c)]
            }
        }
        var rng = e.stream(fault.key ^ 0xC0)
        for _ in 0..<rng.poisson(2.5) {
            let t = e.randomTime(&rng)
            e.emit(role.slow, at: t, &rng, valid: fault.covers)
        }
    }

    private static func memoryLeak(_ fault: ActiveFault, _ role: RoleLogs, _ model: MetricModel, _ e: inout Emitter) {
        let fill = model.leakFill(fault, at: e.start + 30)
        var rng = e.stream(fault.key ^ 0x1EA)
        // WARNs grow louder as memory fills, then errors just before the kill.
        let pressure = fill > 0.3 ? 0.4 + 8 * pow((fill - 0.3) / 0.7, 2) : 0
        for _ in 0..<rng.poisson(pressure) {
            let t = e.randomTime(&rng)
            let lineFill = model.leakFill(fault, at: t)
            let valid: (Double) -> Bool = { fault.covers($0) && lineFill > 0.3 }
            e.emitSequence(at: t, spacing: 0.002, &rng, valid: valid) { rng, c in
                role.memoryPressure(&rng, c, lineFill)
            }
        }
        let nearlyFull: (Double) -> Bool = { fault.covers($0) && model.leakFill(fault, at: $0) > 0.85 }
        for _ in 0..<rng.poisson(fill > 0.88 ? 3 : 0) {
            let t = e.randomTime(&rng)
            e.emitSequence(at: t, spacing: 0.002, &rng, valid: nearlyFull, role.outOfMemory)
        }
        // The kills in (or just before) this minute.
        let period = model.memoryLeakSeconds
        var k = max(1, Int(((e.start - 10 - fault.start) / period).rounded(.up)))
        while fault.start + Double(k) * period < min(e.start + 60, fault.end) {
            let instant = fault.start + Double(k) * period
            var rng = e.eventStream(instant, key: fault.key)
            e.emitSequence(at: instant, spacing: 0.05, &rng) { rng, c in SystemLogs.oomKill(&rng, c, role: role) }
            let restarted = 1000 + Int(Hash.combine(fault.key, UInt64(k), 0, 3) % 60_000)
            e.emitSequence(at: instant + 2, spacing: 0.6, &rng, pid: restarted) { rng, c in role.startup(&rng, c) }
            k += 1
        }
    }

    private static func errorBurst(_ fault: ActiveFault, _ role: RoleLogs, _ e: inout Emitter) {
        let variant = role.errorBursts[Int(fault.key % UInt64(role.errorBursts.count))]
        let intensity = 14 + 10 * Hash.unit(fault.key, 2, 0, 0)
        var rng = e.stream(fault.key ^ 0xE4)
        for _ in 0..<rng.poisson(intensity) {
            let t = e.randomTime(&rng)
            e.emitSequence(at: t, spacing: 0.001, &rng, valid: fault.covers, variant)
        }
    }

    /// A cycle starts when the fault starts and again at every boot during it; each cycle the
    /// service starts, fails twenty seconds in and is restarted by systemd.
    private static func crashLoop(_ fault: ActiveFault, _ role: RoleLogs, _ e: inout Emitter) {
        let timeline = e.timeline
        let anchors = [fault.start] + timeline.outages.map(\.end).filter { $0 > fault.start && $0 < fault.end }
        for anchor in anchors {
            let valid: (Double) -> Bool = { t in
                fault.covers(t) && max(fault.start, timeline.lastBoot(atOrBefore: t) ?? -.infinity) == anchor
            }
            let first = max(0, Int(((e.start - crashCycle - anchor) / crashCycle).rounded(.up)))
            let last = Int(((e.start + 60 - anchor) / crashCycle).rounded(.down))
            guard last >= first else { continue }
            for k in first...last {
                let cycle = anchor + Double(k) * crashCycle
                let pid = 1000 + Int(Hash.combine(fault.key, UInt64(bitPattern: Int64(cycle * 1000)), 0, 4) % 60_000)
                var rng = e.eventStream(cycle, key: fault.key)
                if k == 0 && anchor == fault.start {
                    // The deploy that brings the bad release restarts the service.
                    e.emitSequence(at: cycle, spacing: 0, &rng, valid: valid) { _, c in
                        [LogFormat.syslog(c, "systemd", 1, "Started \(role.unit) - \(role.unitDescription).")]
                    }
                }
                e.emitSequence(at: cycle + 20, spacing: 0.002, &rng, pid: pid, valid: valid, role.crash)
                e.emitSequence(at: cycle + 20.5, spacing: 0.01, &rng, pid: pid, valid: valid) { _, c in
                    SystemLogs.exited(c, role: role)
                }
                e.emitSequence(at: cycle + crashCycle - 0.2, spacing: 0.1, &rng, valid: valid) { _, c in
                    SystemLogs.restart(c, role: role, counter: k + 1)
                }
            }
        }
    }
}
