import AIOpsCore
import Foundation

/// A fault as the fleet keeps it: its planned end and, once cleared, when and how.
struct FaultEntry: Sendable {
    var id: String
    var kind: FaultKind
    var instanceID: String
    var start: Double
    /// The end its duration gives; infinity without one.
    var scheduledEnd: Double
    var clearedAt: Double?
    var clearedBy: FaultRecord.Ending?
    var origin: FaultRecord.Origin
    var key: UInt64

    var end: Double { min(clearedAt ?? .infinity, scheduledEnd) }

    /// As the report shows it at `now`: the end appears once it has happened.
    func record(at now: Double) -> FaultRecord {
        var end: Double?
        var endedBy: FaultRecord.Ending?
        if let clearedAt, clearedAt <= scheduledEnd {
            end = clearedAt
            endedBy = clearedBy
        } else if scheduledEnd <= now {
            end = scheduledEnd
            endedBy = .expired
        }
        return FaultRecord(
            id: id, kind: kind, instanceID: instanceID, start: Date(timeIntervalSince1970: start),
            end: end.map { Date(timeIntervalSince1970: $0) }, endedBy: endedBy, origin: origin)
    }
}

/// Everything about the fleet that changes: faults, outages, controller calls. Guarded by the
/// fleet's mutex; the metric and log models read a copy of one instance's part.
struct FleetState: Sendable {
    var faults: [FaultEntry] = []
    var outages: [String: [Outage]] = [:]
    var calls: [ControllerCall] = []
    /// Deploys, configuration pushes and scaling events, as recorded (`SimulatedFleet.recordChange`).
    var changes: [ChangeEvent] = []
    /// Random faults are drawn hour by hour; hours before this one are fully drawn.
    var randomHour: Int64
    var faultIDs: Set<String> = []

    init(createdAt: Double) { randomHour = Int64((createdAt / 3600).rounded(.down)) }

    func timeline(of instanceID: String) -> Timeline {
        Timeline(
            faults: faults.filter { $0.instanceID == instanceID }.map {
                ActiveFault(kind: $0.kind, start: $0.start, end: $0.end, key: $0.key)
            },
            outages: outages[instanceID] ?? [])
    }

    mutating func add(_ entry: FaultEntry) {
        guard faultIDs.insert(entry.id).inserted else { return }
        faults.append(entry)
    }

    /// Ends, at `t`, the faults of an instance that `ending` clears.
    mutating func clearFaults(of instanceID: String, at t: Double, by ending: FaultRecord.Ending) {
        let clears: (FaultKind) -> Bool =
            switch ending {
            case .reboot, .stop: { $0.clearedByReboot }
            case .serviceRestart: { $0.clearedByServiceRestart }
            case .freeDisk: { $0 == .diskFull }
            case .expired: { _ in false }
            }
        for i in faults.indices where faults[i].instanceID == instanceID && clears(faults[i].kind) {
            if faults[i].start <= t && t < faults[i].end {
                faults[i].clearedAt = t
                faults[i].clearedBy = ending
            }
        }
    }

    /// Draws the random faults that have started by `now` (see `FleetConfiguration.RandomFaults`).
    /// Each candidate depends only on the seed, the instance and the hour, so when the draw runs
    /// does not matter; it runs before every read and every action, so a fault exists before
    /// anything could have seen it.
    mutating func drawRandomFaults(
        until now: Double, createdAt: Double, members: [FleetMember], configuration: FleetConfiguration
    ) {
        let settings = configuration.randomFaults
        guard settings.ratePerInstanceHour > 0, !settings.kinds.isEmpty else { return }
        let currentHour = Int64((now / 3600).rounded(.down))
        guard currentHour >= randomHour else { return }
        for hour in randomHour...currentHour {
            for member in members {
                var rng = SplitMix64(configuration.seed, UInt64(member.index), UInt64(bitPattern: hour), 0xFA17)
                guard rng.chance(settings.ratePerInstanceHour) else { continue }
                let start = Double(hour) * 3600 + rng.uniform(0...3599)
                let kind = settings.kinds[rng.int(0...settings.kinds.count - 1)]
                let duration = rng.uniform(settings.duration)
                guard start >= createdAt, start <= now, !timeline(of: member.id).isDown(at: start) else { continue }
                let id = StableID.make("fault", member.id, "random", String(hour))
                add(
                    FaultEntry(
                        id: id, kind: kind, instanceID: member.id, start: start, scheduledEnd: start + duration,
                        origin: .random, key: Hash.key(id)))
            }
        }
        // The current hour is drawn again next time: its later faults have not started yet.
        randomHour = currentHour
    }
}
