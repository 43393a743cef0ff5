public import Foundation

/// The knobs of a simulated fleet. The defaults make a small, realistic fleet with no random faults.
public struct FleetConfiguration: Sendable, Hashable {
    /// Everything random (ids, load levels, noise, log lines, random faults) derives from it.
    public var seed: UInt64
    /// How many instances; roles cycle web, api, worker, web, api, db, … so a fleet of any size
    /// has a mix.
    public var instanceCount: Int
    /// The share of instances without the `aiops:remediate=true` tag (chosen from the seed). When
    /// positive and the fleet has two instances or more, at least one lacks it and one has it.
    public var remediationOptOutFraction: Double
    /// How many instances lack `aiops:monitor=true` (the last ones), to exercise the inventory's filter.
    public var unmonitoredCount: Int
    /// Per-instance load levels are drawn from this range.
    public var loadLevels: ClosedRange<Double>
    /// INFO lines per minute of an instance at load 1 and peak traffic; they scale with load.
    public var logLinesPerMinute: Double
    /// Scales the steady background of benign WARN/ERROR lines (0 turns it off).
    public var backgroundNoise: Double
    /// How long a reboot keeps an instance down (no datapoints, state `rebooting`).
    public var rebootDowntime: TimeInterval
    /// How long a started instance stays `pending` before it runs again.
    public var bootTime: TimeInterval
    /// How long a leak takes to exhaust memory from the instance's usual level.
    public var memoryLeakMinutes: Double
    /// Faults that occur on their own; off by default.
    public var randomFaults: RandomFaults
    /// Instances (by index) that join the fleet later, launched this many seconds after it is
    /// created (an Auto Scaling group growing): before then they are not listed, and they have no
    /// datapoint or log line before their launch.
    public var launches: [Int: TimeInterval] = [:]
    /// Availability zones handed out in turn (instance `i` is in `zones[i % zones.count]`), as the
    /// `AvailabilityZone` tag; empty (the default) tags none, so fleets made before keep their tags.
    public var zones: [String] = []
    /// The service topology web → api → db as `DependsOn` tags (a web instance depends on the api
    /// role, an api instance on the db role); off by default, for the same reason.
    public var topology = false

    /// Random faults: each instance has a fault with probability `ratePerInstanceHour` in each
    /// hour after the fleet is created (never in the history before), of a kind drawn from `kinds`,
    /// lasting a time drawn from `duration`.
    public struct RandomFaults: Sendable, Hashable {
        public var ratePerInstanceHour: Double
        public var kinds: [FaultKind]
        public var duration: ClosedRange<TimeInterval>

        public init(
            ratePerInstanceHour: Double = 0, kinds: [FaultKind] = FaultKind.singleInstance,
            duration: ClosedRange<TimeInterval> = 600...2400
        ) {
            self.ratePerInstanceHour = ratePerInstanceHour
            self.kinds = kinds
            self.duration = duration
        }

        /// No random faults.
        public static let off = RandomFaults()
    }

    public init(
        seed: UInt64, instanceCount: Int = 8, remediationOptOutFraction: Double = 0.25, unmonitoredCount: Int = 0,
        loadLevels: ClosedRange<Double> = 0.6...1.4, logLinesPerMinute: Double = 4, backgroundNoise: Double = 1,
        rebootDowntime: TimeInterval = 90, bootTime: TimeInterval = 60, memoryLeakMinutes: Double = 40,
        randomFaults: RandomFaults = .off
    ) {
        self.seed = seed
        self.instanceCount = instanceCount
        self.remediationOptOutFraction = remediationOptOutFraction
        self.unmonitoredCount = unmonitoredCount
        self.loadLevels = loadLevels
        self.logLinesPerMinute = logLinesPerMinute
        self.backgroundNoise = backgroundNoise
        self.rebootDowntime = rebootDowntime
        self.bootTime = bootTime
        self.memoryLeakMinutes = memoryLeakMinutes
        self.randomFaults = randomFaults
    }

    /// Every problem with these settings, as messages a person can act on; empty when valid.
    func problems() -> [String] {
        var out: [String] = []
        if instanceCount < 1 || instanceCount > 10_000 {
            out.append("instance count \(instanceCount) is out of range: use 1 to 10000")
        }
        if !(0...1).contains(remediationOptOutFraction) {
            out.append("remediation opt-out fraction \(remediationOptOutFraction) must be between 0 and 1")
        }
        if unmonitoredCount < 0 || unmonitoredCount > instanceCount {
            out.append("unmonitored count \(unmonitoredCount) must be between 0 and the instance count")
        }
        if loadLevels.lowerBound <= 0 || !loadLevels.upperBound.isFinite {
            out.append("load levels \(loadLevels) must be positive and finite")
        }
        if !(0...1000).contains(logLinesPerMinute) { out.append("log lines per minute must be between 0 and 1000") }
        if !(0...100).contains(backgroundNoise) { out.append("background noise must be between 0 and 100") }
        if !(1...3600).contains(rebootDowntime) { out.append("reboot downtime must be 1 to 3600 seconds") }
        if !(0...3600).contains(bootTime) { out.append("boot time must be 0 to 3600 seconds") }
        if !(2...10_000).contains(memoryLeakMinutes) { out.append("memory leak minutes must be 2 to 10000") }
        let random = randomFaults
        if !(0...1).contains(random.ratePerInstanceHour) {
            out.append("random fault rate \(random.ratePerInstanceHour) per instance-hour must be between 0 and 1")
        }
        for (index, offset) in launches where !(0..<instanceCount).contains(index) || !offset.isFinite {
            out.append("launch of instance \(index) after \(offset) s: use an index below the count and a finite time")
        }
        if random.ratePerInstanceHour > 0 && random.kinds.isEmpty { out.append("random faults need at least one kind") }
        if random.duration.lowerBound < 60 || !random.duration.upperBound.isFinite {
            out.append("random fault durations must be at least 60 seconds and finite")
        }
        if zones.contains(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            out.append("zones must be non-empty names such as us-east-1a")
        }
        return out
    }
}
