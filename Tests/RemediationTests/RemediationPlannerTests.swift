import AIOpsCore
import Foundation
import Remediation
import Testing

/// The decision table: each guard on its own, then their precedence over every combination.
@Suite struct RemediationPlannerTests {
    let planner = RemediationPlanner()
    let now = Fixture.t0

    func decide(
        _ incident: Incident = Fixture.incident(), on instance: Instance = Fixture.tagged,
        history: [RemediationAction] = [], planner: RemediationPlanner? = nil
    ) -> RemediationDecision {
        (planner ?? self.planner).decide(incident: incident, instance: instance, history: history, now: now)
    }

    @Test func actsWhenEveryGuardPasses() {
        #expect(decide() == .act(.reboot))
    }

    @Test func theConfiguredActionIsTaken() {
        #expect(decide(planner: RemediationPlanner(policy: .init(action: .stopStart))) == .act(.stopStart))
        #expect(decide(planner: RemediationPlanner(policy: .init(action: .notifyOnly))) == .act(.notifyOnly))
        // Notify-only takes nothing, so there is nothing to dry-run.
        #expect(
            decide(planner: RemediationPlanner(policy: .init(action: .notifyOnly, dryRun: true))) == .act(.notifyOnly))
    }

    @Test func anIncidentIsDecidedOnce() {
        for status in ActionStatus.allCases {
            let earlier = Fixture.action(incident: "inc-1", status: status, minutesAgo: 1)
            #expect(decide(history: [earlier]) == .skip(.alreadyDecided(actionID: "act-inc-1", status: status)))
        }
        // Even days later, and even when the incident has since been closed.
        let old = Fixture.action(incident: "inc-1", status: .succeeded, minutesAgo: 5000)
        let resolved = Fixture.incident(status: .resolved)
        #expect(decide(resolved, history: [old]) == .skip(.alreadyDecided(actionID: "act-inc-1", status: .succeeded)))
    }

    @Test(arguments: [Severity.info, .warning])
    func onlyCriticalIncidentsAreRemediated(severity: Severity) {
        #expect(decide(Fixture.incident(severity: severity)) == .skip(.notCritical(severity)))
    }

    @Test(arguments: [IncidentStatus.acknowledged, .resolved])
    func notWhenAPersonHasTheIncident(status: IncidentStatus) {
        #expect(decide(Fixture.incident(status: status)) == .skip(.incidentClosed(status)))
    }

    @Test func onlyInstancesThatOptedIn() {
        let untagged = Fixture.untagged
        #expect(
            decide(Fixture.incident(on: untagged), on: untagged)
                == .skip(.notOptedIn(instanceID: untagged.id, tag: .remediate)))
        var optedOut = Fixture.tagged
        optedOut.tags["aiops:remediate"] = "false"
        #expect(decide(on: optedOut) == .skip(.notOptedIn(instanceID: optedOut.id, tag: .remediate)))
        let custom = RemediationPlanner(policy: .init(remediateTag: TagSelector(key: "heal", value: nil)))
        var custommed = Fixture.untagged
        custommed.tags["heal"] = "yes"
        #expect(decide(Fixture.incident(on: custommed), on: custommed, planner: custom) == .act(.reboot))
    }

    @Test(arguments: InstanceState.allCases.filter { $0 != .running })
    func onlyRunningInstances(state: InstanceState) {
        var instance = Fixture.tagged
        instance.state = state
        #expect(decide(on: instance) == .skip(.notRunning(instanceID: instance.id, state: state)))
    }

    @Test func cooldownPerInstance() {
        let recent = Fixture.action(incident: "inc-0", status: .succeeded, minutesAgo: 10)
        let until = recent.at.addingTimeInterval(30 * 60)
        #expect(decide(history: [recent]) == .skip(.cooldown(lastActionAt: recent.at, until: until)))
        // Pending and dry-run actions count too; skipped decisions and notifications do not.
        for status in [ActionStatus.pending, .dryRun, .failed] {
            let action = Fixture.action(incident: "inc-0", status: status, minutesAgo: 10)
            #expect(decide(history: [action]) == .skip(.cooldown(lastActionAt: action.at, until: until)))
        }
        #expect(decide(history: [Fixture.action(incident: "inc-0", status: .skipped, minutesAgo: 10)]) == .act(.reboot))
        #expect(
            decide(history: [Fixture.action(incident: "inc-0", kind: .notifyOnly, status: .succeeded, minutesAgo: 10)])
                == .act(.reboot))
        // Over once the cooldown has passed, and never from another instance's action.
        #expect(decide(history: [Fixture.action(incident: "inc-0", status: .pending, minutesAgo: 30)]) == .act(.reboot))
        #expect(
            decide(history: [Fixture.action(incident: "inc-0", on: Fixture.untagged, status: .pending, minutesAgo: 1)])
                == .act(.reboot))
    }

    @Test func fleetCapPerHour() {
        func others(_ count: Int, minutesAgo: Double = 20, status: ActionStatus = .pending) -> [RemediationAction] {
            (0..<count).map { n in
                let other = Instance(id: "i-0\(String(repeating: "c", count: 15))\(n)", name: "db-\(n)")
                return Fixture.action(incident: "other-\(n)", on: other, status: status, minutesAgo: minutesAgo)
            }
        }
        #expect(decide(history: others(5)) == .skip(.fleetCapReached(actionsInLastHour: 5, cap: 5)))
        #expect(decide(history: others(4)) == .act(.reboot))
        #expect(decide(history: others(5, minutesAgo: 61)) == .act(.reboot))
        #expect(decide(history: others(9, status: .skipped)) == .act(.reboot))
        #expect(decide(history: others(5, status: .dryRun)) == .skip(.fleetCapReached(actionsInLastHour: 5, cap: 5)))
        let tight = RemediationPlanner(policy: .init(fleetCapPerHour: 1))
        #expect(decide(history: others(1), planner: tight) == .skip(.fleetCapReached(actionsInLastHour: 1, cap: 1)))
    }

    @Test func circuitBreakerAfterRepeatedFailures() {
        let open = RemediationDecision.escalate(
            .circuitOpen(instanceID: Fixture.tagged.id, failures: 2, window: 6 * 3600))
        let failed = [
            Fixture.action(incident: "inc-a", status: .failed, minutesAgo: 200),
            Fixture.action(incident: "inc-b", status: .failed, minutesAgo: 100),
        ]
        #expect(decide(history: failed) == open)
        #expect(decide(history: [failed[0]]) == .act(.reboot))
        // A remediation that "succeeded" but was followed by another critical incident did not hold.
        let relapsed = [failed[0], Fixture.action(incident: "inc-b", status: .succeeded, minutesAgo: 100)]
        #expect(decide(history: relapsed) == open)
        // Only within the window, on this instance, and only for actions actually taken.
        let old = [
            Fixture.action(incident: "inc-a", status: .failed, minutesAgo: 7 * 60),
            Fixture.action(incident: "inc-b", status: .failed, minutesAgo: 100),
        ]
        #expect(decide(history: old) == .act(.reboot))
        let elsewhere = failed.map { action in
            var moved = action
            moved.instanceID = Fixture.untagged.id
            return moved
        }
        #expect(decide(history: elsewhere) == .act(.reboot))
        let notTaken = [
            Fixture.action(incident: "inc-a", status: .dryRun, minutesAgo: 200),
            Fixture.action(incident: "inc-b", status: .skipped, minutesAgo: 100),
            Fixture.action(incident: "inc-c", kind: .notifyOnly, status: .failed, minutesAgo: 90),
        ]
        #expect(decide(history: notTaken) == .act(.reboot))
        // The breaker wins over the cooldown: a person is told rather than silently waiting.
        let recentFailures = [
            Fixture.action(incident: "inc-a", status: .failed, minutesAgo: 40),
            Fixture.action(incident: "inc-b", status: .failed, minutesAgo: 5),
        ]
        #expect(decide(history: recentFailures) == open)
        let strict = RemediationPlanner(policy: .init(breakerThreshold: 1, breakerWindow: 3600))
        #expect(
            decide(history: [Fixture.action(incident: "inc-b", status: .failed, minutesAgo: 20)], planner: strict)
                == .escalate(.circuitOpen(instanceID: Fixture.tagged.id, failures: 1, window: 3600)))
    }

    @Test func dryRunRecordsWhatWouldBeDone() {
        let dry = RemediationPlanner(policy: .init(dryRun: true))
        #expect(decide(planner: dry) == .dryRun(.reboot))
        // The guards still apply in dry-run mode.
        #expect(
            decide(Fixture.incident(on: Fixture.untagged), on: Fixture.untagged, planner: dry)
                == .skip(.notOptedIn(instanceID: Fixture.untagged.id, tag: .remediate)))
        let recent = Fixture.action(incident: "inc-0", status: .dryRun, minutesAgo: 5)
        #expect(
            decide(history: [recent], planner: dry)
                == .skip(.cooldown(lastActionAt: recent.at, until: recent.at.addingTimeInterval(1800))))
    }

    /// Every combination of the conditions, against the documented precedence.
    @Test(arguments: 0..<256)
    func precedenceOverEveryCombination(bits: Int) {
        let duplicate = bits & 1 != 0
        let critical = bits & 2 != 0
        let open = bits & 4 != 0
        let tagged = bits & 8 != 0
        let running = bits & 16 != 0
        let breaker = bits & 32 != 0
        let cooling = bits & 64 != 0
        let capped = bits & 128 != 0

        var instance = tagged ? Fixture.tagged : Fixture.untagged
        instance.state = running ? .running : .stopped
        let incident = Fixture.incident(
            on: instance, severity: critical ? .critical : .warning, status: open ? .open : .acknowledged)
        var history: [RemediationAction] = []
        if duplicate {
            history.append(Fixture.action(incident: "inc-1", on: instance, status: .pending, minutesAgo: 1))
        }
        if breaker {
            history += [
                Fixture.action(incident: "inc-a", on: instance, status: .failed, minutesAgo: 300),
                Fixture.action(incident: "inc-b", on: instance, status: .failed, minutesAgo: 200),
            ]
        }
        if cooling { history.append(Fixture.action(incident: "inc-c", on: instance, status: .pending, minutesAgo: 3)) }
        if capped {
            history += (0..<5).map { n in
                let other = Instance(id: "i-0eeeeeeeeeeeeeee\(n)", name: "x-\(n)")
                return Fixture.action(incident: "cap-\(n)", on: other, status: .pending, minutesAgo: 30)
            }
        }

        let decision = planner.decide(incident: incident, instance: instance, history: history, now: now)
        let expected: String =
            if duplicate { "alreadyDecided" } else if !critical { "notCritical" } else if !open {
                "incidentClosed"
            } else if !tagged { "notOptedIn" } else if !running { "notRunning" } else if breaker {
                "breaker"
            } else if cooling { "cooldown" } else if capped { "cap" } else { "act" }
        #expect(Self.label(decision) == expected, "\(decision)")
    }

    static func label(_ decision: RemediationDecision) -> String {
        switch decision {
        case .act: "act"
        case .dryRun: "dryRun"
        case .escalate: "breaker"
        case .skip(.alreadyDecided): "alreadyDecided"
        case .skip(.notCritical): "notCritical"
        case .skip(.incidentClosed): "incidentClosed"
        case .skip(.notOptedIn): "notOptedIn"
        case .skip(.notRunning): "notRunning"
        case .skip(.cooldown): "cooldown"
        case .skip(.fleetCapReached): "cap"
        case .skip(.staleAlert): "stale"
        case .skip(.noRunbook): "noRunbook"
        case .awaitApproval: "awaitApproval"
        }
    }

    @Test func reasonsReadWell() {
        let reason = SkipReason.notOptedIn(instanceID: "i-0abc", tag: .remediate)
        #expect(reason.description == "i-0abc does not carry the remediation tag aiops:remediate=true; alert only")
        let breaker = EscalationReason.circuitOpen(instanceID: "i-0abc", failures: 2, window: 6 * 3600)
        #expect(breaker.description.contains("2 remediations of i-0abc failed or did not hold in the last 6h"))
        let cooldown = SkipReason.cooldown(lastActionAt: Fixture.t0, until: Fixture.t0.addingTimeInterval(1800))
        #expect(cooldown.description.contains(ISO8601.string(from: Fixture.t0.addingTimeInterval(1800))))
    }
}
