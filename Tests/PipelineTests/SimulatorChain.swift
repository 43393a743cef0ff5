import AIOpsCore
import Composition
import Detection
import Foundation
import LogAnalysis
import Logging
import Pipeline
import Remediation
import Simulator

/// The simulated fleet, models trained on its history, and the embedded pipeline over it: what
/// `aiops demo` runs, driven cycle by cycle on a virtual clock.
struct SimulatorChain {
    static let start = Date(timeIntervalSince1970: 1_790_208_000)  // Thursday 24 September 2026, 00:00 UTC
    static let metrics: [MetricName] = [.cpuUtilization, .memoryUtilization]

    let clock: VirtualClock
    let fleet: SimulatedFleet
    let detectors: CatalogDetectorProvider
    let configuration: AgentConfiguration

    /// A fleet of `count` instances whose models were trained on `trainingDays` of history.
    static func make(
        seed: UInt64 = 7, count: Int = 6, trainingDays: Double = 3, remediation: RemediationPolicy = .init()
    ) async throws -> SimulatorChain {
        let clock = VirtualClock(start: start.addingTimeInterval(9 * 3600))
        let fleet = try SimulatedFleet(
            configuration: FleetConfiguration(seed: seed, instanceCount: count, remediationOptOutFraction: 0.3),
            clock: clock)
        let instances = try await fleet.monitoredInstances()
        let models = try await HistoryTrainer(
            parameters: .init(trees: 100, sampleSize: 256, seed: seed), contamination: .fraction(0.001)
        ).train(
            instances, metrics: metrics, from: fleet, start: clock.now().addingTimeInterval(-trainingDays * 86_400),
            end: clock.now(), period: 60)
        let configuration = AgentConfiguration(
            metrics: metrics, period: 60, chartWindow: 3600, remediation: remediation)
        return SimulatorChain(
            clock: clock, fleet: fleet, detectors: .seed(models: models), configuration: configuration)
    }

    func pipeline(store: any IncidentStore, notifier: any Notifier) async -> EmbeddedPipeline {
        let ports = PipelinePorts(
            inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock)
        return await EmbeddedPipeline.make(
            configuration: configuration, ports: ports, detectors: detectors, analyzer: RootCauseAnalyzer(),
            notifier: notifier, logger: .quiet)
    }

    /// The instances, tagged for remediation first.
    func instances() async throws -> (tagged: [Instance], untagged: [Instance]) {
        let all = try await fleet.monitoredInstances()
        return (all.filter { $0.carries(.remediate) }, all.filter { !$0.carries(.remediate) })
    }
}
