#if canImport(SQLiteStore)
    import AIOpsCore
    import Foundation
    import Pipeline
    import Remediation
    import SQLiteStore
    import TestSupport
    import Testing

    /// A process killed between settling an approval and updating its action leaves the action
    /// `awaiting_approval`: the next upkeep, in a new process on the same SQLite file, finishes the
    /// answer. An approved action runs once; a rejected one is closed; a carry-out whose process died
    /// after taking it is closed and escalated, never run twice.
    @Suite struct ApprovalCrashTests {
        static let answeredAt = ApprovalExpiryTests.asked.addingTimeInterval(5 * 60)

        struct Process {
            let store: SQLiteIncidentStore
            let fleet: FakeFleet
            let notifier = RecordingNotifier()
            let clock: ManualClock

            func engine(_ store: any IncidentStore) -> RemediationEngine {
                var policy = RemediationPolicy()
                policy.requireApproval = true
                return RemediationEngine(
                    policy: policy, store: store, controller: fleet, inventory: fleet,
                    probe: BaselineRecoveryProbe(metrics: fleet, logs: fleet, period: 300, verificationWindow: 600),
                    escalations: notifier, clock: clock)
            }
        }

        /// A new connection to the file (as after a restart) with a fleet that records its calls.
        static func process(_ folder: TemporaryDirectory, at now: Date) throws -> Process {
            let clock = ManualClock(now)
            return Process(
                store: try SQLiteIncidentStore(path: folder.file("aiops.sqlite").path),
                fleet: FakeFleet(instances: [Fixture.web1], clock: clock), clock: clock)
        }

        /// Answers the pending approval in a process killed at its `crashAt`-th write after the settlement.
        static func answerAndDie(
            _ folder: TemporaryDirectory, _ verdict: Approval.Verdict, crashAt: Int
        ) async throws -> Process {
            let approval = try await ApprovalExpiryTests.pending(in: folder)
            let first = try process(folder, at: answeredAt)
            let crashing = CrashingStore(first.store, crashAt: crashAt)
            await #expect(throws: CrashingStore.Killed.self) {
                _ = try await first.engine(crashing).answer(approvalID: approval.id, verdict, by: "alice", via: "api")
            }
            #expect(crashing.crashed)
            #expect(await first.fleet.calls.isEmpty, "nothing ran before the kill")
            try first.store.close()
            return first
        }

        @Test func anApprovedActionLeftAwaitingIsCarriedOutOnceByTheNextUpkeep() async throws {
            let folder = try TemporaryDirectory("approval-crash")
            // Killed at the first write after the settlement: the answer's audit record.
            _ = try await Self.answerAndDie(folder, .approve, crashAt: 1)
            let next = try Self.process(folder, at: Self.answeredAt.addingTimeInterval(5 * 60))
            let id = Approval.id(incidentID: "inc-1")
            #expect(try await next.store.approval(id: id)?.state == .approved)
            #expect(
                try await next.store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 5)
                    .first { $0.id == "act-1" }?.status
                    == .awaitingApproval)

            // The restarted agent's first cycle: its upkeep finishes the answer.
            let pipeline = await EmbeddedChainTests.make(
                next.store, fleet: next.fleet, clock: next.clock, notifier: next.notifier)
            let metrics = try await pipeline.agent.runCycle()
            #expect(metrics.actionsTaken == 1 && metrics.errors == 0)
            #expect(await next.fleet.calls == ["reboot \(Fixture.web1.id)"])
            let action = try await next.store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 5)
                .first { $0.id == "act-1" }
            #expect(action?.status == .pending, "\(action?.reason ?? "")")
            #expect(action?.reason.hasPrefix("approved by api:alice: ") == true, "\(action?.reason ?? "")")
            let trail = try await next.store.audit(incidentID: "inc-1", limit: 20)
            #expect(trail.contains { $0.action == "reconcile" && $0.outcome == "carried out" })
            #expect(trail.contains { $0.action == "reboot" && $0.outcome == "executed" })

            // The next upkeep, or another process's, finds nothing left; the reboot ran once.
            next.clock.advance(minutes: 5)
            #expect(try await pipeline.remediation.reconcileApprovals().isEmpty)
            let other = try Self.process(folder, at: next.clock.now())
            #expect(try await other.engine(other.store).reconcileApprovals().isEmpty)
            #expect(await next.fleet.calls.count == 1)
            #expect(await other.fleet.calls.isEmpty)
            try other.store.close()
            try next.store.close()
        }

        @Test func aRejectedActionLeftAwaitingIsClosed() async throws {
            let folder = try TemporaryDirectory("approval-crash")
            _ = try await Self.answerAndDie(folder, .reject, crashAt: 1)
            let next = try Self.process(folder, at: Self.answeredAt.addingTimeInterval(5 * 60))
            let answers = try await next.engine(next.store).reconcileApprovals()
            #expect(answers.map(\.outcome) == [.rejected])
            #expect(await next.fleet.calls.isEmpty)
            let action = try await next.store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 5)
                .first { $0.id == "act-1" }
            #expect(action?.status == .skipped)
            #expect(action?.reason.contains("rejected by api:alice at") == true, "\(action?.reason ?? "")")
            #expect(await next.notifier.alerts.isEmpty)
            try next.store.close()
        }

        @Test func aCarryOutWhoseProcessDiedIsClosedAndEscalatedNeverRunTwice() async throws {
            let folder = try TemporaryDirectory("approval-crash")
            // Killed after taking the carry-out (audit record, then the carry-out key), at its first lease.
            _ = try await Self.answerAndDie(folder, .approve, crashAt: 3)
            let next = try Self.process(folder, at: Self.answeredAt.addingTimeInterval(60))
            // Within the grace the carry-out may still be under way elsewhere: left alone.
            #expect(try await next.engine(next.store).reconcileApprovals().isEmpty)
            next.clock.set(Self.answeredAt.addingTimeInterval(RemediationEngine.carryOutGrace + 60))
            let answers = try await next.engine(next.store).reconcileApprovals()
            #expect(answers.map(\.outcome) == [.notExecuted])
            #expect(await next.fleet.calls.isEmpty, "ran a carry-out another process had taken")
            let action = try await next.store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 5)
                .first { $0.id == "act-1" }
            #expect(action?.status == .skipped)
            #expect(action?.reason.contains("stopped before it ran") == true, "\(action?.reason ?? "")")
            let alerts = await next.notifier.alerts
            #expect(alerts.count == 1)
            #expect(alerts.first?.incident.summary.hasPrefix("ESCALATION: approved by api:alice") == true)
            try next.store.close()
        }
    }
#endif
