public import AIOpsCore

/// What kind of trouble an incident shows, read from its evidence: what a runbook's signature
/// can name instead of spelling out log text.
public enum FaultClass: String, Sendable, Hashable, Codable, CaseIterable {
    /// "No space left on device" among the evidence.
    case diskFull = "disk_full"
    /// The kernel's OOM killer ended a process.
    case memoryExhaustion = "memory_exhaustion"
    /// A service keeps exiting and systemd keeps restarting it (a bad release, a bad configuration).
    case crashLoop = "crash_loop"
    /// New or surging errors from a service that otherwise runs.
    case errorBurst = "error_burst"
    /// The CPU pinned with no error in the logs.
    case cpuRunaway = "cpu_runaway"
    /// A change (deploy, configuration push) shortly before the errors.
    case afterChange = "after_change"
    case unknown

    /// Classifies `incident` by its findings, the most specific evidence first: a full disk or an
    /// OOM kill makes services fail and restart too, so they are looked for before a crash loop.
    public static func of(_ incident: Incident) -> FaultClass {
        if incident.findings.contains(where: { $0.kind == .change }) { return .afterChange }
        func any(_ phrases: String...) -> Bool { incident.evidenceContains(anyOf: phrases) }
        if any("no space left on device") { return .diskFull }
        if any("oom-kill", "out of memory: killed process") { return .memoryExhaustion }
        if any("failed with result 'exit-code'", "scheduled restart job") { return .crashLoop }
        let errors = incident.findings.contains { $0.kind == .log && $0.level >= .error && $0.novelty != .steady }
        if errors { return .errorBurst }
        if incident.metric == .cpuUtilization { return .cpuRunaway }
        return .unknown
    }
}
