/// Renders the lines of one occurrence (an exception with its trace, a start-up sequence).
typealias LineSequence = @Sendable (inout SplitMix64, LineContext) -> [LogBody]

/// The lines one role's main service writes, in that service's own format.
struct RoleLogs: Sendable {
    /// The systemd unit, its description and the process name the kernel reports.
    var unit: String
    var unitDescription: String
    var process: String
    /// INFO lines whose rate follows traffic.
    var traffic: [LogTemplate]
    /// Benign WARN and ERROR lines that come at a steady rate whatever the load.
    var benign: [LogTemplate]
    /// A WARN about a request slowed down by a starved CPU.
    var slow: LogTemplate
    /// Memory pressure, given how full memory is (0…1): WARNs that grow louder as it fills.
    var memoryPressure: @Sendable (inout SplitMix64, LineContext, Double) -> [LogBody]
    /// The service's last errors before the kernel kills it for memory.
    var outOfMemory: LineSequence
    /// Exception storms; each fault picks one variant, each call renders one occurrence.
    var errorBursts: [LineSequence]
    /// What the service writes when it starts.
    var startup: LineSequence
    /// What the bad release writes as it fails to start.
    var crash: LineSequence

    static func of(_ role: InstanceRole) -> RoleLogs {
        switch role {
        case .web: .web
        case .api: .api
        case .worker: .worker
        case .db: .database
        }
    }
}
