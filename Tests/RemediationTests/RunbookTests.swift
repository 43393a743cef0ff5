import AIOpsCore
import Foundation
import Remediation
import Testing

/// Runbooks: which one an incident's signature picks, what it runs, and shadow mode's record.
@Suite struct RunbookTests {
    let store: any IncidentStore = InMemoryIncidentStore()
    let controller = RecordingController()
    let probe = ScriptedProbe()
    let notifier = RecordingNotifier()
    let clock = ManualClock(Fixture.t0)

    static let web = Instance(
        id: "i-0cccccccccccccccc", name: "web-3",
        tags: ["aiops:monitor": "true", "aiops:remediate": "true", "aiops:service": "storefront.service"])
    static let db = Instance(
        id: "i-0dddddddddddddddd", name: "db-1",
        tags: ["aiops:monitor": "true", "aiops:remediate": "true", "aiops:service": "postgresql"])

    static func finding(_ template: String, level: LogLevel = .error) -> Finding {
        Finding(
            templateID: StableID.make("t", template), template: template, level: level, count: 40, baselineRate: 0,
            novelty: .new, firstSeen: Fixture.t0, examples: [template], rank: 1)
    }

    static func incident(_ id: String, on instance: Instance, _ findings: [Finding]) -> Incident {
        var incident = Fixture.incident(id, on: instance)
        incident.findings = findings
        if findings == diskFull { incident.metric = .diskUsedPercent }
        return incident
    }

    static let burst = [finding("java.sql.SQLTransientConnectionException: Connection is not available <*>")]
    static let diskFull = [finding("ERROR write /var/lib/java/spool/<*>.tmp: No space left on device")]

    func engine(_ runbooks: [Runbook]? = nil, mode: RunbookMode? = nil) -> RemediationEngine {
        var policy = RemediationPolicy()
        policy.customRunbooks = runbooks
        policy.modeOverride = mode
        return RemediationEngine(
            policy: policy, store: store, controller: controller, inventory: nil, probe: probe, escalations: notifier,
            clock: clock)
    }

    @Test func faultClassesComeFromTheEvidence() {
        #expect(FaultClass.of(Self.incident("a", on: Self.web, Self.diskFull)) == .diskFull)
        #expect(FaultClass.of(Self.incident("b", on: Self.web, Self.burst)) == .errorBurst)
        let loop = Self.finding("storefront.service: Failed with result 'exit-code'.", level: .warn)
        #expect(FaultClass.of(Self.incident("c", on: Self.web, [loop] + Self.burst)) == .crashLoop)
        #expect(FaultClass.of(Self.incident("d", on: Self.web, [])) == .cpuRunaway)
    }

    @Test func theDefaultFreeDiskRunbookWantsTheDiskMetricToo() async throws {
        var onCPU = Self.incident("inc-disk", on: Self.web, Self.diskFull)
        onCPU.metric = .cpuUtilization
        let outcome = try await engine().handle(Fixture.alert(onCPU, instance: Self.web))
        #expect(outcome.decision == .act(.reboot))
    }

    @Test func theDefaultSetFreesDiskOnAFullDiskAndRebootsAnythingElse() async throws {
        let full = Self.incident("inc-disk", on: Self.web, Self.diskFull)
        let outcome = try await engine().handle(Fixture.alert(full, instance: Self.web))
        #expect(outcome.decision == .act(.freeDisk))
        #expect(outcome.action.reason.hasPrefix("free-disk of \(Self.web.id): critical incident"))
        let cpu = Fixture.incident("inc-cpu", on: Self.db)
        #expect(try await engine().handle(Fixture.alert(cpu, instance: Self.db)).decision == .act(.reboot))
        #expect(await controller.calls == ["free-disk \(Self.web.id)", "reboot \(Self.db.id)"])
    }

    @Test func aRestartRunbookRestartsItsUnitAndNothingFromTheLogs() async throws {
        let restart = Runbook(
            name: "restart-on-burst", signature: RunbookSignature(faultClasses: [.errorBurst]),
            action: .restartService)
        let incident = Self.incident("inc-1", on: Self.db, Self.burst)
        let outcome = try await engine([restart]).handle(Fixture.alert(incident, instance: Self.db))
        #expect(outcome.decision == .act(.restartService))
        #expect(await controller.calls == ["restart-service postgresql.service \(Self.db.id)"])
        let audit = try await store.audit(incidentID: incident.id, limit: 10)
        #expect(audit.contains { $0.action == "restart-service" && $0.outcome == "executed" })

        // A tag that is not a unit name makes the runbook unable to act there: no command is built.
        let hostile = Instance(
            id: "i-0eeeeeeeeeeeeeeee", name: "db-2",
            tags: ["aiops:monitor": "true", "aiops:remediate": "true", "aiops:service": "x; rm -rf /"])
        let other = Self.incident("inc-2", on: hostile, Self.burst)
        let skipped = try await engine([restart]).handle(Fixture.alert(other, instance: hostile))
        #expect(skipped.decision == .skip(.noRunbook(faultClass: .errorBurst)))
        #expect(await controller.calls.count == 1)
    }

    @Test func approveModeWaitsForAPersonAndTouchesNothing() async throws {
        let incident = Self.incident("inc-1", on: Self.web, Self.diskFull)
        let outcome = try await engine(mode: .approve).handle(Fixture.alert(incident, instance: Self.web))
        #expect(outcome.decision == .awaitApproval(.freeDisk))
        #expect(await controller.calls.isEmpty)
    }

    @Test func shadowRecordsWhatItWouldHaveDoneBesideTheDecision() async throws {
        // The default set: restart-service is in shadow; the reboot decides the error burst.
        let incident = Self.incident("inc-1", on: Self.web, Self.burst)
        let engine = engine()
        let outcome = try await engine.handle(Fixture.alert(incident, instance: Self.web))
        #expect(outcome.decision == .act(.reboot))
        #expect(await controller.calls == ["reboot \(Self.web.id)"])
        let actions = try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 10)
        let shadow = try #require(actions.first(where: ShadowRecord.isShadow))
        #expect(shadow.status == .shadow && shadow.kind == .restartService)
        #expect(ShadowRecord.runbook(of: shadow) == "restart-service")
        #expect(
            shadow.reason.contains("would restart-service storefront.service")
                && shadow.reason.contains("every guard passed"))
        let audit = try await store.audit(incidentID: incident.id, limit: 10)
        #expect(audit.contains { $0.action == "shadow restart-service" && $0.outcome == "shadow" })

        // Delivered again: a duplicate, no second shadow record.
        clock.advance(minutes: 1)
        #expect(try await engine.handle(Fixture.alert(incident, instance: Self.web, id: "alert-2")).duplicate)
        #expect(try await store.actions(incidentID: incident.id, instanceID: nil, since: nil, limit: 10).count == 2)

        // Another burst within the cooldown: the shadow run records the guard that would have stopped it.
        clock.advance(minutes: 5)
        let again = Self.incident("inc-2", on: Self.web, Self.burst)
        _ = try await engine.handle(Fixture.alert(again, instance: Self.web))
        let stopped = try #require(
            try await store.actions(incidentID: again.id, instanceID: nil, since: nil, limit: 10)
                .first(where: ShadowRecord.isShadow))
        #expect(stopped.status == .skipped && stopped.reason.contains("cooldown"))
    }

    @Test func theTrackRecordCountsJudgedAndResolvedIncidents() async throws {
        let shadowAll = engine(mode: .shadow)
        for (n, instance) in [Self.web, Self.db, Fixture.tagged].enumerated() {
            let incident = Self.incident("inc-\(n)", on: instance, Self.diskFull)
            try await store.save(incident)
            let outcome = try await shadowAll.handle(Fixture.alert(incident, instance: instance))
            #expect(outcome.decision == .skip(.noRunbook(faultClass: .diskFull)))
        }
        #expect(await controller.calls.isEmpty)
        _ = try await store.update(incidentID: "inc-0") { incident in
            incident.feedback = Feedback(verdict: .truePositive, note: nil, at: Fixture.t0, by: "alice")
            incident.status = .resolved
            return true
        }
        _ = try await store.update(incidentID: "inc-1") { incident in
            incident.feedback = Feedback(verdict: .falsePositive, note: nil, at: Fixture.t0, by: "alice")
            return true
        }
        let names = RunbookBook.defaults().map(\.name)
        let records = try await RunbookRecord.read(from: store, runbooks: names, now: clock.now())
        #expect(records.map(\.runbook) == names)
        let freeDisk = try #require(records.first)
        #expect(freeDisk.wouldHaveActed == 3 && freeDisk.stoppedByGuards == 0)
        #expect(freeDisk.judgedTruePositive == 1 && freeDisk.judgedFalsePositive == 1 && freeDisk.resolvedWithout == 1)
        // The fallback reboot matches too (it matches everything) and is in shadow as well.
        #expect(records.last?.wouldHaveActed == 3)
    }

    @Test func autoWaitsForTheJudgedShadowSuccessesItRequires() async throws {
        let gated = Runbook(
            name: "free-disk", signature: RunbookSignature(keywords: ["no space left on device"]), action: .freeDisk,
            shadowSuccessesRequired: 1)
        let engine = engine([gated])
        let first = Self.incident("inc-1", on: Self.web, Self.diskFull)
        try await store.save(first)
        #expect(
            try await engine.handle(Fixture.alert(first, instance: Self.web)).decision
                == .skip(.noRunbook(faultClass: .diskFull)))
        let shadow = try await store.actions(incidentID: first.id, instanceID: nil, since: nil, limit: 10)
            .first(where: ShadowRecord.isShadow)
        #expect(shadow?.reason.contains("auto requires 1 judged shadow successes; it has 0") == true)
        _ = try await store.update(incidentID: first.id) { incident in
            incident.feedback = Feedback(verdict: .truePositive, note: nil, at: Fixture.t0, by: "alice")
            return true
        }
        let second = Self.incident("inc-2", on: Self.db, Self.diskFull)
        try await store.save(second)
        #expect(try await engine.handle(Fixture.alert(second, instance: Self.db)).decision == .act(.freeDisk))
        #expect(await controller.calls == ["free-disk \(Self.db.id)"])
    }

    @Test func aRunbookFileIsCheckedAsItIsRead() throws {
        let good = Data(
            """
            {"runbooks": [
              {"name": "restart-orders", "match": {"tags": ["Role=api"], "fault_classes": ["error_burst"]},
               "action": "restart-service", "service": "orders.service", "mode": "approve"},
              {"name": "restart-host", "action": "run-automation", "document": "AWS-RestartEC2Instance",
               "mode": "shadow", "shadow_successes_required": 3}
            ]}
            """.utf8)
        let runbooks = try RunbookBook.decode(good, source: "runbooks.json")
        #expect(runbooks.map(\.name) == ["restart-orders", "restart-host"])
        #expect(runbooks[0].signature.tags == [TagSelector(key: "Role", value: "api")])
        #expect(runbooks[0].service?.unit == "orders.service" && runbooks[0].mode == .approve)
        #expect(runbooks[1].shadowSuccessesRequired == 3)

        let bad = [
            #"[{"name": "x", "action": "restart-service", "service": "a; reboot"}]"#,
            #"[{"name": "x", "action": "format-disk"}]"#,
            #"[{"name": "x", "action": "run-automation"}]"#,
            #"[{"name": "x y", "action": "reboot"}]"#,
            #"[{"name": "x", "action": "reboot"}, {"name": "x", "action": "free-disk"}]"#,
        ]
        for text in bad {
            #expect(throws: AIOpsError.self) { try RunbookBook.decode(Data(text.utf8), source: "runbooks.json") }
        }
    }
}
