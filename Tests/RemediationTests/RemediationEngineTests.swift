import AIOpsCore
import Foundation
import Remediation
import Testing

/// The engine over an in-memory store, a recording controller, a scripted probe and a manual clock.
@Suite struct RemediationEngineTests {
    let store: any IncidentStore = InMemoryIncidentStore()
    let controller = RecordingController()
    let probe = ScriptedProbe()
    let notifier = RecordingNotifier()
    let clock = ManualClock(Fixture.t0)

    func engine(_ policy: RemediationPolicy = RemediationPolicy(), inventory: [Instance]? = nil) -> RemediationEngine {
        RemediationEngine(
            policy: policy, store: store, controller: controller, inventory: inventory.map(FixedInventory.init),
            probe: probe, escalations: notifier, clock: clock)
    }

    @Test func actsOnceAndAuditsTheDecision() async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        let outcome = try await engine().handle(Fixture.alert(incident))
        #expect(outcome.decision == .act(.reboot))
        #expect(!outcome.duplicate)
        #expect(await controller.calls == ["reboot \(Fixture.tagged.id)"])
        let actions = try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 10)
        #expect(actions.count == 1)
        #expect(actions.first?.status == .pending)
        #expect(actions.first?.idempotencyKey == "remediate:inc-1")
        let audit = try await store.audit(incidentID: incident.id, limit: 10)
        #expect(Set(audit.map(\.outcome)) == ["pending", "executed"])
        #expect(audit.allSatisfy { $0.actor == "remediation" && $0.action == "reboot" })
    }

    @Test func theSameAlertTwiceActsOnce() async throws {
        let incident = Fixture.incident()
        let engine = engine()
        let first = try await engine.handle(Fixture.alert(incident))
        clock.advance(minutes: 1)
        let second = try await engine.handle(Fixture.alert(incident))
        let another = try await engine.handle(Fixture.alert(incident, id: "alert-2"))
        #expect(!first.duplicate)
        #expect(second.duplicate && another.duplicate)
        #expect(second.action == first.action)
        #expect(await controller.calls.count == 1)
        #expect(try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 10).count == 1)
        let duplicates = try await store.audit(incidentID: incident.id, limit: 10).filter { $0.action == "duplicate" }
        #expect(duplicates.count == 2)
    }

    @Test func concurrentDeliveriesActOnce() async throws {
        let incident = Fixture.incident()
        let engine = engine()
        let outcomes = try await withThrowingTaskGroup(of: RemediationOutcome.self) { group in
            for n in 0..<8 { group.addTask { try await engine.handle(Fixture.alert(incident, id: "alert-\(n)")) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(outcomes.filter { !$0.duplicate }.count == 1)
        #expect(await controller.calls.count == 1)
    }

    @Test func anUntaggedInstanceIsNeverActedOn() async throws {
        let incident = Fixture.incident(on: Fixture.untagged)
        let outcome = try await engine().handle(Fixture.alert(incident, instance: Fixture.untagged))
        #expect(outcome.decision == .skip(.notOptedIn(instanceID: Fixture.untagged.id, tag: .remediate)))
        #expect(await controller.calls.isEmpty)
        #expect(outcome.action.status == .skipped)
        #expect(outcome.action.reason.contains("does not carry the remediation tag"))
        let audit = try await store.audit(incidentID: incident.id, limit: 10)
        #expect(audit.map(\.action) == ["skip"])
    }

    @Test func theInventoryHasTheLastWordOnTags() async throws {
        // The alert still shows the tag, but it was removed since.
        var now = Fixture.tagged
        now.tags["aiops:remediate"] = nil
        let outcome = try await engine(inventory: [now]).handle(Fixture.alert(Fixture.incident()))
        #expect(outcome.decision == .skip(.notOptedIn(instanceID: now.id, tag: .remediate)))
        let gone = try await engine(inventory: []).handle(Fixture.alert(Fixture.incident("inc-2")))
        #expect(gone.decision == .skip(.notRunning(instanceID: now.id, state: .terminated)))
        #expect(await controller.calls.isEmpty)
    }

    @Test func theStoredIncidentHasTheLastWordOnStatus() async throws {
        try await store.save(Fixture.incident(status: .acknowledged))
        let outcome = try await engine().handle(Fixture.alert(Fixture.incident()))
        #expect(outcome.decision == .skip(.incidentClosed(.acknowledged)))
        #expect(await controller.calls.isEmpty)
    }

    @Test func dryRunRecordsAndDoesNothing() async throws {
        let outcome = try await engine(RemediationPolicy(dryRun: true)).handle(Fixture.alert(Fixture.incident()))
        #expect(outcome.decision == .dryRun(.reboot))
        #expect(outcome.action.status == .dryRun)
        #expect(outcome.action.reason.hasPrefix("dry run: would reboot"))
        #expect(await controller.calls.isEmpty)
        // A dry run is not verified: nothing happened.
        clock.advance(minutes: 60)
        #expect(try await engine().verifyDue().outcomes.isEmpty)
    }

    @Test func stopStartStopsThenStarts() async throws {
        _ = try await engine(RemediationPolicy(action: .stopStart)).handle(Fixture.alert(Fixture.incident()))
        #expect(await controller.calls == ["stop \(Fixture.tagged.id)", "start \(Fixture.tagged.id)"])
    }

    @Test func aFailedCallIsRecordedAndEscalated() async throws {
        await controller.setFailing(true)
        let outcome = try await engine().handle(Fixture.alert(Fixture.incident()))
        let stored = try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 1).first
        #expect(stored?.status == .failed)
        #expect(stored?.reason.contains("UnauthorizedOperation") == true)
        #expect(outcome.escalation != nil)
        #expect(await notifier.alerts.count == 1)
        #expect(await notifier.alerts.first?.incident.summary.hasPrefix("ESCALATION: automatic reboot") == true)
    }

    @Test func theBreakerEscalatesInsteadOfLooping() async throws {
        for (n, minutesAgo) in [(1, 300.0), (2, 150.0)] {
            try #require(
                try await store.claim(Fixture.action(incident: "old-\(n)", status: .failed, minutesAgo: minutesAgo)))
        }
        let outcome = try await engine().handle(Fixture.alert(Fixture.incident()))
        guard case .escalate(.circuitOpen(_, let failures, _)) = outcome.decision else {
            Issue.record("expected the breaker, got \(outcome.decision)")
            return
        }
        #expect(failures == 2)
        #expect(await controller.calls.isEmpty)
        #expect(outcome.action.status == .skipped)
        #expect(outcome.action.reason.hasPrefix("escalated to a person: circuit breaker open"))
        let alerts = await notifier.alerts
        #expect(alerts.count == 1)
        #expect(alerts.first?.incident.summary.contains("circuit breaker open") == true)
        let audit = try await store.audit(incidentID: "inc-1", limit: 10)
        #expect(audit.contains { $0.action == "escalate" && $0.outcome == "person alerted" })
    }

    @Test func verificationWaitsForItsWindowThenSucceedsAndResolves() async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        _ = try await engine().handle(Fixture.alert(incident))
        clock.advance(minutes: 9)
        #expect(try await engine().verifyDue().outcomes.isEmpty)
        #expect(await probe.asked.isEmpty)
        clock.advance(minutes: 1)
        let report = try await engine().verifyDue()
        #expect(report.outcomes.map(\.action.status) == [.succeeded])
        let action = try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 1).first
        #expect(action?.status == .succeeded)
        #expect(action?.verifiedAt == clock.now())
        #expect(action?.reason.contains("verified: CPUUtilization 30%") == true)
        let resolved = try await store.incident(id: incident.id)
        #expect(resolved?.status == .resolved)
        #expect(resolved?.resolvedAt == clock.now())
        #expect(await notifier.alerts.isEmpty)
        // Verified once: a second pass finds nothing pending.
        #expect(try await engine().verifyDue().outcomes.isEmpty)
    }

    @Test func aFailedVerificationEscalatesAndKeepsTheIncidentOpen() async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        _ = try await engine().handle(Fixture.alert(incident))
        await probe.set(.notRecovered(evidence: "CPUUtilization still 98% (expected 20–45)"))
        clock.advance(minutes: 15)
        let report = try await engine().verifyDue()
        #expect(report.outcomes.map(\.action.status) == [.failed])
        #expect(try await store.incident(id: incident.id)?.status == .open)
        let alerts = await notifier.alerts
        #expect(alerts.count == 1)
        #expect(alerts.first?.incident.summary.contains("did not bring it back to baseline") == true)
        let audit = try await store.audit(incidentID: incident.id, limit: 20)
        #expect(audit.contains { $0.action == "verify" && $0.outcome == "failed" })
    }

    @Test func pendingVerificationsSurviveARestart() async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        // The first engine acts and is then gone (the process was killed).
        _ = try await engine().handle(Fixture.alert(incident))
        clock.advance(minutes: 12)
        let restarted = RemediationEngine(
            policy: RemediationPolicy(), store: store, controller: RecordingController(), inventory: nil,
            probe: probe, escalations: notifier, clock: clock)
        let report = try await restarted.verifyDue()
        #expect(report.outcomes.map(\.action.id) == [StableID.make("act", incident.id)])
        #expect(try await store.incident(id: incident.id)?.status == .resolved)
    }

    @Test func anUncheckableActionStaysPending() async throws {
        try await store.save(Fixture.incident())
        _ = try await engine().handle(Fixture.alert(Fixture.incident()))
        await probe.setUnavailable(true)
        clock.advance(minutes: 11)
        let report = try await engine().verifyDue()
        #expect(report.outcomes.isEmpty)
        #expect(report.errors.count == 1)
        #expect(
            try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 1).first?.status
                == .pending)
        await probe.setUnavailable(false)
        #expect(try await engine().verifyDue().outcomes.count == 1)
    }

    @Test func cooldownAndCapApplyAcrossIncidents() async throws {
        let engine = engine(RemediationPolicy(fleetCapPerHour: 2))
        _ = try await engine.handle(Fixture.alert(Fixture.incident("inc-1")))
        clock.advance(minutes: 5)
        let second = try await engine.handle(Fixture.alert(Fixture.incident("inc-2"), id: "a2"))
        guard case .skip(.cooldown) = second.decision else {
            Issue.record("expected cooldown, got \(second.decision)")
            return
        }
        let others = (0..<2).map { n in
            Instance(id: "i-0ddddddddddddddd\(n)", name: "api-\(n)", tags: ["aiops:remediate": "true"])
        }
        let third = try await engine.handle(
            Fixture.alert(Fixture.incident("inc-3", on: others[0]), instance: others[0], id: "a3"))
        let fourth = try await engine.handle(
            Fixture.alert(Fixture.incident("inc-4", on: others[1]), instance: others[1], id: "a4"))
        #expect(third.decision == .act(.reboot))
        #expect(fourth.decision == .skip(.fleetCapReached(actionsInLastHour: 2, cap: 2)))
        #expect(await controller.calls.count == 2)
    }

    @Test func anAlertDeliveredTwoHoursLateIsAuditedStaleAndNotActedOn() async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        clock.advance(minutes: 120)
        let outcome = try await engine().handle(Fixture.alert(incident))
        #expect(outcome.decision == .skip(.staleAlert(raisedAt: Fixture.t0, maxAge: 900)))
        #expect(await controller.calls.isEmpty)
        #expect(outcome.action.status == .skipped)
        let escalation = try #require(outcome.escalation)
        #expect(escalation.incident.summary.hasPrefix("ESCALATION: stale alert"))
        #expect(await notifier.alerts.map(\.alertID) == [escalation.alertID])
        let audit = try await store.audit(incidentID: incident.id, limit: 10)
        #expect(audit.contains { $0.action == "skip" && $0.reason.contains("stale alert") })
        // Delivered again: a duplicate, no second page.
        let again = try await engine().handle(Fixture.alert(incident, id: "alert-retry"))
        #expect(again.duplicate)
        #expect(await notifier.alerts.count == 1)
    }

    @Test func anAlertWithinItsAgeStillActs() async throws {
        let incident = Fixture.incident()
        clock.advance(minutes: 14)
        #expect(try await engine().handle(Fixture.alert(incident)).decision == .act(.reboot))
    }
}
