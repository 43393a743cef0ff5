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

    /// Whether a reboot (or a stop and start) ends the fault. A crash loop comes back because the
    /// bad release is still installed; a surge is outside traffic that no reboot stops; a degraded network is outside the instance.
    public var clearedByReboot: Bool {
        switch self {
        case .cpuRunaway, .memoryLeak, .errorBurst: true
        case .crashLoop, .trafficSurge, .networkDegradation: false
        }
    }

    public var description: String { rawValue }

    /// The kinds that strike one instance on their own, which random faults draw from: a degraded
    /// network strikes a zone (and leaving it out keeps what a seed draws as it was before it existed).
    public static let singleInstance: [FaultKind] = allCases.filter { $0 != .networkDegradation }
}
