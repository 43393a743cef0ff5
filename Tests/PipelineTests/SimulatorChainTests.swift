import AIOpsCore
import Composition
import Foundation
import Pipeline
import Remediation
import Simulator
import Testing

/// The whole chain on the simulated fleet with models trained on its history (issue 3, item 8).
@Suite struct SimulatorChainTests {
    struct Run {
        var chain: SimulatorChain
        var store: any IncidentStore
        var notifier: RecordingNotifier
        var pipeline: EmbeddedPipeline
        var faults: [FaultRecord]
        /// The critical alerts as published on the bus.
        var alerts: MessageRecorder
    }

    /// web-1: a CPU runaway with an error burst at +20 min; api-1: a traffic surge at +30 min;
    /// worker-1 (no remediation tag): a runaway with an error burst at +40 min; web-2: a memory
    /// leak at +10 min; db-1: a crash loop at +60 min. Four hours, a cycle every 5 minutes.
    static func scenario() async throws -> Run {
        let chain = try await SimulatorChain.make()
        let (tagged, untagged) = try await chain.instances()
        try #require(tagged.map(\.name) == ["web-1", "api-1", "web-2", "db-1"])
        try #require(untagged.map(\.name) == ["worker-1", "api-2"])
        let t0 = chain.clock.now()
        func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }
        try chain.fleet.inject(.cpuRunaway, instanceID: tagged[0].id, at: at(20))
        try chain.fleet.inject(.errorBurst, instanceID: tagged[0].id, at: at(20))
        try chain.fleet.inject(.trafficSurge, instanceID: tagged[1].id, at: at(30), duration: 2400)
        try chain.fleet.inject(.cpuRunaway, instanceID: untagged[0].id, at: at(40), duration: 1800)
        try chain.fleet.inject(.errorBurst, instanceID: untagged[0].id, at: at(40), duration: 1800)
        try chain.fleet.inject(.memoryLeak, instanceID: tagged[2].id, at: at(10))
        try chain.fleet.inject(.crashLoop, instanceID: tagged[3].id, at: at(60))

        let store: any IncidentStore = InMemoryIncidentStore()
        let notifier = RecordingNotifier()
        let pipeline = await chain.pipeline(store: store, notifier: notifier)
        let alerts = await MessageRecorder.attached(to: pipeline.bus, .criticalAlerts)
        var t = t0
        while t <= at(240) {
            chain.clock.advance(to: t)
            try await pipeline.agent.runCycle()
            t = t.addingTimeInterval(300)
        }
        return Run(
            chain: chain, store: store, notifier: notifier, pipeline: pipeline, faults: chain.fleet.faultHistory(),
            alerts: alerts)
    }

    @Test func theScenarioPlaysOutAsTheIssueSays() async throws {
        let run = try await Self.scenario()
        let dump = try await StoreDump.of(run.store)
        let names = Dictionary(
            uniqueKeysWithValues: try await run.chain.fleet.monitoredInstances().map { ($0.name, $0.id) })
        let id = { (name: String) in names[name] ?? "" }
        let anomalies = dump.incidents.flatMap { dump.anomalies[$0.id] ?? [] }

        // Every injected fault is detected within two cycles of its onset; the leak long before it
        // exhausts memory (40 minutes).
        for fault in run.faults where fault.origin == .injected && fault.kind != .errorBurst {
            let seen = anomalies.filter {
                $0.instanceID == fault.instanceID && $0.timestamp >= fault.start
                    && $0.timestamp < fault.start.addingTimeInterval(2 * 300)
            }
            #expect(!seen.isEmpty, "\(fault.kind) on \(fault.instanceID) at \(ISO8601.string(from: fault.start))")
        }

        // The runaway: critical, explained by its error burst, alerted, rebooted once and verified.
        let runaway = try #require(
            dump.incidents.first { $0.instanceID == id("web-1") && $0.severity == .critical })
        #expect(runaway.findings.contains { $0.level >= .error && $0.novelty != .steady })
        #expect(runaway.summary.contains("OutOfMemoryError"))
        #expect(await run.notifier.alerts.contains { $0.incident.id == runaway.id })
        #expect(dump.actions.filter { $0.incidentID == runaway.id }.map(\.status) == [.succeeded])
        #expect(run.chain.fleet.controllerCalls(instanceID: id("web-1")).count == 1)

        // The surge: seen, never escalated, nobody paged, nothing done.
        let surge = dump.incidents.filter { $0.instanceID == id("api-1") }
        #expect(!surge.isEmpty)
        #expect(surge.allSatisfy { $0.severity != .critical })
        #expect(await !run.notifier.alerts.contains { $0.instance.id == id("api-1") })
        #expect(!dump.actions.contains { $0.instanceID == id("api-1") })

        // The instance without the tag: alerted, never acted on.
        #expect(await run.notifier.alerts.contains { $0.instance.id == id("worker-1") })
        #expect(dump.actions.filter { $0.instanceID == id("worker-1") }.allSatisfy { $0.status == .skipped })
        #expect(run.chain.fleet.controllerCalls(instanceID: id("worker-1")).isEmpty)

        // The crash loop: a reboot does not cure it, so the action fails and a person is told.
        let crash = dump.actions.filter { $0.instanceID == id("db-1") && $0.status != .skipped }
        #expect(crash.first?.status == .failed)
        #expect(
            await run.notifier.alerts.contains {
                $0.instance.id == id("db-1") && $0.incident.summary.hasPrefix("ESCALATION")
            })

        // At most one action per incident, and every critical alert delivered again acts no more.
        #expect(Set(dump.actions.map(\.incidentID)).count == dump.actions.count)
        let calls = run.chain.fleet.controllerCalls().count
        for alert in await run.alerts.messages {
            await run.pipeline.bus.deliver(alert, on: .criticalAlerts)
        }
        #expect(run.chain.fleet.controllerCalls().count == calls)
        #expect(try await StoreDump.of(run.store).actions == dump.actions)
    }

    /// A crash loop comes back after every reboot. Each time a person closes the incident too
    /// early, the next one is remediated again, until the breaker stops the loop and hands it over.
    @Test func theCircuitBreakerStopsARebootLoop() async throws {
        let chain = try await SimulatorChain.make()
        let db = try #require(try await chain.instances().tagged.last)
        let t0 = chain.clock.now()
        try chain.fleet.inject(.crashLoop, instanceID: db.id, at: t0.addingTimeInterval(10 * 60))
        let store: any IncidentStore = InMemoryIncidentStore()
        let notifier = RecordingNotifier()
        let pipeline = await chain.pipeline(store: store, notifier: notifier)
        let alerts = await MessageRecorder.attached(to: pipeline.bus, .criticalAlerts)
        var t = t0
        while t <= t0.addingTimeInterval(6 * 3600) {
            chain.clock.advance(to: t)
            try await pipeline.agent.runCycle()
            // The person: closes every incident that has been decided and is not awaiting
            // verification, hoping the trouble is over.
            for action in try await store.actions(incidentID: nil, instanceID: db.id, since: nil, limit: 100)
            where action.status != .pending {
                if var incident = try await store.incident(id: action.incidentID), incident.status == .open {
                    incident.status = .resolved
                    incident.resolvedAt = t
                    try await store.save(incident)
                }
            }
            t = t.addingTimeInterval(300)
        }
        let actions = try await store.actions(incidentID: nil, instanceID: db.id, since: nil, limit: 100)
        let reboots = chain.fleet.controllerCalls(instanceID: db.id)
        #expect(reboots.count == RemediationPolicy().breakerThreshold)
        #expect(actions.filter { $0.status == .failed }.count == reboots.count)
        let stopped = actions.filter { $0.reason.hasPrefix("escalated to a person: circuit breaker open") }
        #expect(!stopped.isEmpty)
        #expect(await notifier.alerts.contains { $0.incident.summary.contains("circuit breaker open") })
    }
}
