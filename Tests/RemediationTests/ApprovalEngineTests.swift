import AIOpsCore
import Foundation
import Remediation
import Testing

/// Approval with a person in the loop: the engine asks instead of acting, and carries out the
/// answer once, through the guards as they stand when it comes.
@Suite struct ApprovalEngineTests {
    let store: any IncidentStore = InMemoryIncidentStore()
    let controller = RecordingController()
    let probe = ScriptedProbe()
    let notifier = RecordingNotifier()
    let clock = ManualClock(Fixture.t0)

    static var policy: RemediationPolicy {
        var policy = RemediationPolicy()
        policy.requireApproval = true
        policy.approverRole = "db-owners"
        return policy
    }

    func engine(_ policy: RemediationPolicy = Self.policy, inventory: [Instance]? = nil) -> RemediationEngine {
        RemediationEngine(
            policy: policy, store: store, controller: controller, inventory: inventory.map(FixedInventory.init),
            probe: probe, escalations: notifier, clock: clock)
    }

    /// An incident whose reboot awaits approval; its approval.
    func asked(_ engine: RemediationEngine, incident: Incident = Fixture.incident()) async throws -> Approval {
        try await store.save(incident)
        let outcome = try await engine.handle(Fixture.alert(incident))
        #expect(outcome.decision == .awaitApproval(.reboot))
        return try #require(try await store.approval(id: Approval.id(incidentID: incident.id)))
    }

    @Test func thePlannerAsksOnlyOnceEveryGuardPassed() {
        let planner = RemediationPlanner(policy: Self.policy)
        let now = Fixture.t0
        #expect(
            planner.decide(incident: Fixture.incident(), instance: Fixture.tagged, history: [], now: now)
                == .awaitApproval(.reboot))
        #expect(
            planner.decide(
                incident: Fixture.incident(on: Fixture.untagged), instance: Fixture.untagged, history: [], now: now)
                == .skip(.notOptedIn(instanceID: Fixture.untagged.id, tag: .remediate)))
        var dry = Self.policy
        dry.dryRun = true
        #expect(
            RemediationPlanner(policy: dry).decide(
                incident: Fixture.incident(), instance: Fixture.tagged, history: [], now: now) == .dryRun(.reboot))
    }

    @Test func asksInsteadOfActingAndAsksOnce() async throws {
        let engine = engine()
        let approval = try await asked(engine)
        #expect(approval.state == .pending)
        #expect(approval.approverRole == "db-owners")
        #expect(approval.expiresAt == Fixture.t0.addingTimeInterval(30 * 60))
        #expect(await controller.calls.isEmpty)
        let actions = try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 5)
        #expect(actions.map(\.status) == [.awaitingApproval])
        #expect(await notifier.alerts.map(\.alertID) == [StableID.make("alert", "inc-1", "approval")])
        #expect(await notifier.alerts.first?.incident.summary.hasPrefix("APPROVAL NEEDED (db-owners") == true)
        // The alert again: a duplicate, no second approval or request.
        let again = try await engine.handle(Fixture.alert(Fixture.incident(), id: "alert-2"))
        #expect(again.duplicate)
        #expect(await notifier.alerts.count == 1)
        #expect(try await store.pendingApprovals(limit: 10).map(\.id) == [approval.id])
    }

    @Test func anApprovalRunsTheActionOnceAndItIsVerified() async throws {
        let engine = engine()
        let approval = try await asked(engine)
        clock.advance(minutes: 5)
        let answers = try await withThrowingTaskGroup(of: ApprovalAnswer?.self) { group in
            for n in 0..<6 {
                group.addTask { try await engine.answer(approvalID: approval.id, .approve, by: "p\(n)", via: "api") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(
            answers.compactMap(\.?.outcome).sorted { $0.rawValue < $1.rawValue } == [
                .alreadyDecided, .alreadyDecided, .alreadyDecided, .alreadyDecided, .alreadyDecided, .executed,
            ])
        #expect(await controller.calls == ["reboot \(Fixture.tagged.id)"])
        let stored = try #require(try await store.approval(id: approval.id))
        #expect(stored.state == .approved && stored.decidedVia == "api")
        var action = try #require(
            try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 1).first)
        #expect(action.status == .pending)
        #expect(action.at == Fixture.t0.addingTimeInterval(5 * 60), "verification counts from the approval")
        #expect(action.reason.hasPrefix("approved by api:\(stored.decidedBy ?? "")"))
        let trail = try await store.audit(incidentID: "inc-1", limit: 20)
        #expect(trail.contains { $0.actor == "api:\(stored.decidedBy ?? "")" && $0.action == "approve" })
        #expect(trail.contains { $0.action == "reboot" && $0.outcome == "executed" })

        await probe.set(.recovered(evidence: "CPU back to 30%"))
        clock.advance(minutes: 11)
        let report = try await engine.verifyDue()
        #expect(report.outcomes.map(\.action.status) == [.succeeded])
        action = try #require(try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 1).first)
        #expect(action.status == .succeeded)
        #expect(try await store.incident(id: "inc-1")?.status == .resolved)
        let late = try await engine.answer(approvalID: approval.id, .reject, by: "bob", via: "slack")
        #expect(late?.outcome == .alreadyDecided)
        #expect(late?.message.contains("approved by") == true)
    }

    @Test func theGuardsAreCheckedAgainOnApproval() async throws {
        let engine = engine(inventory: [Fixture.tagged])
        let approval = try await asked(engine)
        // The opt-in tag was removed while the approval waited.
        var untagged = Fixture.tagged
        untagged.tags["aiops:remediate"] = nil
        let later = self.engine(inventory: [untagged])
        let answer = try #require(
            try await later.answer(approvalID: approval.id, .approve, by: "alice", via: "dashboard"))
        #expect(answer.outcome == .notExecuted)
        #expect(answer.message.contains("does not carry the remediation tag"))
        #expect(answer.action?.status == .skipped)
        #expect(await controller.calls.isEmpty)
    }

    @Test func aRejectionDoesNothingAndSaysSo() async throws {
        let engine = engine()
        let approval = try await asked(engine)
        let answer = try #require(try await engine.answer(approvalID: approval.id, .reject, by: "carol", via: "slack"))
        #expect(answer.outcome == .rejected)
        #expect(answer.action?.status == .skipped)
        #expect(answer.action?.reason.contains("rejected by slack:carol") == true)
        #expect(await controller.calls.isEmpty)
        #expect(try await store.pendingApprovals(limit: 5).isEmpty)
    }

    @Test func anApprovalAfterTheIncidentResolvedDoesNothingAndSaysSo() async throws {
        let engine = engine()
        let approval = try await asked(engine)
        _ = try await store.update(incidentID: "inc-1") { incident in
            incident.status = .resolved
            return true
        }
        let answer = try #require(try await engine.answer(approvalID: approval.id, .approve, by: "dave", via: "api"))
        #expect(answer.outcome == .incidentResolved)
        #expect(answer.message.contains("resolved already: the approval does nothing"))
        #expect(try await store.approval(id: approval.id)?.state == .withdrawn)
        #expect(await controller.calls.isEmpty)
    }

    @Test func anAnswerAfterTheExpiryDoesNothing() async throws {
        let engine = engine()
        let approval = try await asked(engine)
        clock.advance(minutes: 31)
        let answer = try #require(try await engine.answer(approvalID: approval.id, .approve, by: "erin", via: "api"))
        #expect(answer.outcome == .expired)
        #expect(await controller.calls.isEmpty)
        #expect(try await engine.answer(approvalID: "approval-unknown", .approve, by: "erin", via: "api") == nil)
    }

    @Test func anAcknowledgedIncidentCanStillBeApproved() async throws {
        let engine = engine()
        let approval = try await asked(engine)
        _ = try await store.update(incidentID: "inc-1") { incident in
            incident.status = .acknowledged
            return true
        }
        let answer = try await engine.answer(approvalID: approval.id, .approve, by: "frank", via: "dashboard")
        #expect(answer?.outcome == .executed)
        #expect(await controller.calls.count == 1)
    }
}
