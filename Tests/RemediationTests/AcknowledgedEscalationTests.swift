import AIOpsCore
import Foundation
import Remediation
import Testing

/// A person who acknowledged (or resolved) an incident has it: every path that would page people
/// again about it (a failed verification, a failed call, a stale alert, the breaker) audits
/// instead and sends nothing.
@Suite struct AcknowledgedEscalationTests {
    let store: any IncidentStore = InMemoryIncidentStore()
    let probe = ScriptedProbe()
    let notifier = RecordingNotifier()
    let clock = ManualClock(Fixture.t0)

    func engine(_ controller: some InstanceController) -> RemediationEngine {
        RemediationEngine(
            policy: RemediationPolicy(), store: store, controller: controller, inventory: nil, probe: probe,
            escalations: notifier, clock: clock)
    }

    func take(_ incidentID: String, as status: IncidentStatus = .acknowledged) async throws {
        let taken = try await store.update(incidentID: incidentID) { incident in
            incident.status = status
            return true
        }
        try #require(taken?.changed == true)
    }

    func withheld(_ incidentID: String) async throws -> [AuditRecord] {
        try await store.audit(incidentID: incidentID, limit: 50).filter {
            $0.action == "escalate" && $0.outcome == "withheld"
        }
    }

    @Test(arguments: [IncidentStatus.acknowledged, .resolved])
    func aFailedVerificationOfATakenIncidentPagesNobody(status: IncidentStatus) async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        let controller = RecordingController()
        _ = try await engine(controller).handle(Fixture.alert(incident))
        #expect(await controller.calls == ["reboot \(Fixture.tagged.id)"])
        try await take(incident.id, as: status)
        await probe.set(.notRecovered(evidence: "CPUUtilization still 98%"))
        clock.advance(minutes: 15)
        let report = try await engine(controller).verifyDue()
        #expect(report.outcomes.map(\.action.status) == [.failed])
        #expect(report.outcomes.first?.escalation == nil)
        #expect(await notifier.alerts.isEmpty, "paged about an incident a person has")
        #expect(try await store.incident(id: incident.id)?.status == status)
        let audit = try await withheld(incident.id)
        #expect(audit.count == 1, "\(audit)")
        #expect(audit.first?.reason.contains(status.rawValue) == true, "\(audit)")
    }

    /// The person acknowledges while the reboot call is on its way; the call fails.
    @Test func aFailedCallOnAnIncidentAcknowledgedMeanwhilePagesNobody() async throws {
        let incident = Fixture.incident()
        try await store.save(incident)
        let controller = AcknowledgingController(store: store, incidentID: incident.id)
        let outcome = try await engine(controller).handle(Fixture.alert(incident))
        #expect(outcome.action.status == .failed)
        #expect(outcome.escalation == nil)
        #expect(await notifier.alerts.isEmpty)
        #expect(try await withheld(incident.id).count == 1)
    }

    /// Today's guards already hold these: the planner skips an incident that is not open before
    /// the stale-alert and breaker checks, so neither escalates.
    @Test func aStaleAlertOrAnOpenBreakerOnAnAcknowledgedIncidentPagesNobody() async throws {
        for (n, minutesAgo) in [(1, 300.0), (2, 150.0)] {
            try #require(
                try await store.claim(Fixture.action(incident: "old-\(n)", status: .failed, minutesAgo: minutesAgo)))
        }
        let incident = Fixture.incident()
        try await store.save(incident)
        try await take(incident.id)
        let breaker = try await engine(RecordingController()).handle(Fixture.alert(incident))
        #expect(breaker.decision == .skip(.incidentClosed(.acknowledged)))

        let late = Fixture.incident("inc-2")
        try await store.save(late)
        try await take(late.id)
        clock.advance(minutes: 120)
        let stale = try await engine(RecordingController()).handle(Fixture.alert(late, id: "alert-2"))
        #expect(stale.decision == .skip(.incidentClosed(.acknowledged)))
        #expect(stale.escalation == nil)
        #expect(await notifier.alerts.isEmpty)
    }
}

/// Acknowledges the incident (as a person on the dashboard would) during the call, then fails it.
struct AcknowledgingController: InstanceController {
    struct Failure: Error {}
    let store: any IncidentStore
    let incidentID: String

    func reboot(instanceID: String) async throws {
        _ = try await store.update(incidentID: incidentID) { incident in
            incident.status = .acknowledged
            return true
        }
        throw Failure()
    }
    func stop(instanceID: String) async throws { throw Failure() }
    func start(instanceID: String) async throws { throw Failure() }
}
