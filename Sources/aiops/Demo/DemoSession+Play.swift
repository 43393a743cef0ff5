import AIOpsCore
import Composition
import Foundation
import Pipeline

extension DemoSession {
    /// Runs the agent until `end` on the demo's clock, narrating each cycle; then, if a
    /// remediation still awaits verification, long enough to verify it.
    func play(until end: Date, narrator: DemoNarrator) async throws {
        let announced = Announced()
        let onCycle: @Sendable (AgentMetrics) async -> Void = { [fleet, store, clock] _ in
            for fault in fleet.faultHistory() where await announced.first(fault.id) {
                await narrator.announce(
                    "fault: \(fault.kind) starts on \(await narrator.name(fault.instanceID))", at: fault.start)
            }
            try? await narrator.narrate(store, now: clock.now())
        }
        try await run(until: end, onCycle: onCycle)
        let pending = try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 1000)
            .contains { $0.status == .pending }
        if pending {
            let remediation = pipeline.agent.configuration.remediation
            try await run(
                until: end.addingTimeInterval(
                    remediation.verificationWindow + pipeline.agent.configuration.cycleInterval),
                onCycle: onCycle)
        }
    }
}

/// Remembers which faults were announced.
actor Announced {
    private var seen: Set<String> = []
    func first(_ id: String) -> Bool { seen.insert(id).inserted }
}

/// How a demo ended.
enum DemoEnding: Sendable {
    /// Simulated time ran out with no dashboard to keep serving.
    case played
    /// The dashboard stopped on its own (it handles the signals too).
    case served
    case signalled(String)
}
