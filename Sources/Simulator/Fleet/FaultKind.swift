/// The faults the simulator can play on an instance.
public enum FaultKind: String, Sendable, Codable, Hashable, CaseIterable, CustomStringConvertible {
    /// A process pins the CPUs near 100%, as `stress --cpu` does. A few slow-request WARNs, no errors.
    case cpuRunaway = "cpu_runaway"
    /// Memory climbs over tens of minutes towards exhaustion, with escalating GC and heap WARNs,
    /// then the kernel OOM-kills the service, which restarts and leaks again.
    case memoryLeak = "memory_leak"
    /// An exception storm: hundreds of ERROR lines with real exception text (heap exhaustion, a
    /// database that refuses connections…), the text depending on the instance's role.
    case errorBurst = "error_burst"
    /// A bad deploy: the service exits at start-up and systemd restarts it, over and over; status
    /// checks fail now and then. A reboot does not cure it.
    case crashLoop = "crash_loop"
    /// Legitimate traffic several times the usual: CPU and network up, more INFO lines, no errors.
    /// The false-positive trap: it must not be escalated.
    case trafficSurge = "traffic_surge"
    /// A degraded network (a zone's, say): packets lost and retransmitted, every call slower.
    /// CPU up, traffic down, slow-request WARNs and the network driver's transmit timeouts.
    case networkDegradation = "network_degradation"
    /// The root filesystem fills (a runaway log, a forgotten dump): disk use climbs to 100% and
    /// the services fail their writes with "No space left on device". Freeing disk space ends it;
    /// a reboot does not (the files are still there).
    case diskFull = "disk_full"

    /// Whether a reboot (or a stop and start) ends the fault. A crash loop comes back because the
    /// bad release is still installed; a surge is outside traffic that no reboot stops; a degraded network is outside the instance.
    public var clearedByReboot: Bool {
        switch self {
        case .cpuRunaway, .memoryLeak, .errorBurst: true
        case .crashLoop, .trafficSurge, .networkDegradation, .diskFull: false
        }
    }

    /// Whether restarting the instance's main service ends the fault: a wedged or leaking process
    /// starts afresh; a crash loop is the release itself, which a restart starts again.
    public var clearedByServiceRestart: Bool {
        switch self {
        case .memoryLeak, .errorBurst: true
        case .cpuRunaway, .crashLoop, .trafficSurge, .networkDegradation, .diskFull: false
        }
    }

    public var description: String { rawValue }

    /// The kinds that strike one instance on their own, which random faults draw from: a degraded
    /// network strikes a zone, and a full disk is played by scenarios only (leaving both out keeps
    /// what a seed draws as it was before they existed).
    public static let singleInstance: [FaultKind] = allCases.filter { $0 != .networkDegradation && $0 != .diskFull }
}
