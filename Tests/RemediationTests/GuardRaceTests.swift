import AIOpsCore
import Foundation
import Remediation
import TestSupport
import Testing

/// Deciders racing for the guards: the store's leases, not the history each one read, decide.
@Suite struct GuardRaceTests {
    let base = InMemoryIncidentStore()
    let controller = RecordingController()
    let clock = ManualClock(Fixture.t0)

    func engine(_ policy: RemediationPolicy = RemediationPolicy()) -> RemediationEngine {
        RemediationEngine(
            policy: policy, store: StaleReadStore(base, stale: .actionHistory), controller: controller, inventory: nil,
            probe: ScriptedProbe(), escalations: RecordingNotifier(), clock: clock)
    }

    func decideAtOnce(_ alerts: [CriticalAlert]) async throws -> [RemediationOutcome] {
        try await withThrowingTaskGroup(of: RemediationOutcome.self) { group in
            for alert in alerts { group.addTask { try await engine().handle(alert) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func twoIncidentsOfOneInstanceDecidedAtOnceRebootOnce() async throws {
        let outcomes = try await decideAtOnce([
            Fixture.alert(Fixture.incident("inc-1")), Fixture.alert(Fixture.incident("inc-2"), id: "alert-2"),
        ])
        #expect(await controller.calls == ["reboot \(Fixture.tagged.id)"])
        #expect(outcomes.filter { $0.decision == .act(.reboot) }.count == 1)
        let loser = try #require(outcomes.first { $0.decision != .act(.reboot) })
        guard case .skip(.cooldown) = loser.decision else {
            Issue.record("expected the loser to skip for the cooldown, got \(loser.decision)")
            return
        }
        #expect(loser.action.status == .skipped)
        let audit = await base.audit(incidentID: loser.action.incidentID, limit: 10)
        #expect(audit.contains { $0.action == "skip" && $0.reason.contains("concurrent decision") })
    }

    @Test func aFleetWideFaultRebootsNoMoreThanTheCap() async throws {
        let fleet = (0..<12).map { n in
            Instance(id: "i-0fleet\(n)", name: "api-\(n)", tags: ["aiops:remediate": "true"])
        }
        // Each incident's alert twice, all at once.
        let alerts = fleet.flatMap { instance in
            let incident = Fixture.incident("inc-\(instance.id)", on: instance)
            return [
                Fixture.alert(incident, instance: instance, id: "a-\(instance.id)"),
                Fixture.alert(incident, instance: instance, id: "b-\(instance.id)"),
            ]
        }
        let outcomes = try await decideAtOnce(alerts)
        let calls = await controller.calls
        #expect(calls.count == 5)
        #expect(Set(calls).count == calls.count, "no instance rebooted twice")
        #expect(outcomes.filter(\.duplicate).count == 12)
        #expect(outcomes.filter { $0.decision == .skip(.fleetCapReached(actionsInLastHour: 5, cap: 5)) }.count == 7)
        // The cooldowns of instances that lost the cap were given back: after the hour, they are healed.
        clock.advance(minutes: 61)
        let late = fleet.filter { !calls.contains("reboot \($0.id)") }.first!
        let retry = try await engine().handle(
            Fixture.alert(Fixture.incident("inc-late", on: late, at: clock.now()), instance: late, id: "late"))
        #expect(retry.decision == .act(.reboot))
    }

    @Test func theReservationTakesCooldownThenASlot() {
        let policy = RemediationPolicy(cooldown: 1800, fleetCapPerHour: 2)
        var reservation = GuardReservation(policy: policy, instanceID: "i-1", now: Fixture.t0)
        #expect(reservation.next() == .acquire(key: "cooldown:i-1", until: Fixture.t0.addingTimeInterval(1800)))
        reservation.received(.acquired)
        #expect(reservation.next() == .acquire(key: "fleet-slot:0", until: Fixture.t0.addingTimeInterval(3600)))
        reservation.received(.held(Lease(key: "fleet-slot:0", holder: "x", until: Fixture.t0)))
        #expect(reservation.next() == .acquire(key: "fleet-slot:1", until: Fixture.t0.addingTimeInterval(3600)))
        reservation.received(.held(Lease(key: "fleet-slot:1", holder: "y", until: Fixture.t0)))
        #expect(reservation.next() == .release(key: "cooldown:i-1"))
        #expect(reservation.next() == .lost(.fleetCapReached(actionsInLastHour: 2, cap: 2)))
    }

    @Test func aHeldCooldownLosesAtOnce() {
        var reservation = GuardReservation(policy: RemediationPolicy(), instanceID: "i-1", now: Fixture.t0)
        _ = reservation.next()
        let until = Fixture.t0.addingTimeInterval(600)
        reservation.received(.held(Lease(key: "cooldown:i-1", holder: "other", until: until)))
        #expect(reservation.next() == .lost(.cooldown(lastActionAt: until.addingTimeInterval(-1800), until: until)))
        reservation.received(.acquired)  // a stray answer changes nothing
        #expect(reservation.state == .lost(.cooldown(lastActionAt: until.addingTimeInterval(-1800), until: until)))
    }
}
