#if canImport(SQLiteStore)
    import AIOpsCore
    import Foundation
    import Pipeline
    import SQLiteStore
    import TestSupport
    import Testing

    /// Kills against a real SQLite file: the agent dies between two writes, a new agent opens the
    /// same file (a new connection, as a restarted process would) and carries on; the file ends as
    /// after an uninterrupted run.
    @Suite struct SQLiteRestartTests {
        @Test func aKilledAgentRestartsOnTheSameFileWithoutLossOrDuplicates() async throws {
            let folder = try TemporaryDirectory("sqlite-restart")
            let clock = ManualClock(EmbeddedChainTests.start)
            let notifier = RecordingNotifier()
            let referenceStore = try SQLiteIncidentStore(path: folder.file("reference.sqlite").path)
            let fleet = await EmbeddedChainTests.fleet(clock: clock)
            let uninterrupted = try await runCycles(
                clock: clock, from: EmbeddedChainTests.start, through: EmbeddedChainTests.end, interval: 300,
                base: referenceStore, crashAt: nil
            ) { store in
                await EmbeddedChainTests.make(store, fleet: fleet, clock: clock, notifier: notifier, dryRun: true)
            }
            let expected = try await StoreDump.of(referenceStore)
            #expect(expected.incidents.count == 3)

            for crashAt in stride(from: 5, through: uninterrupted.writes, by: 61) {
                let path = folder.file("killed-\(crashAt).sqlite").path
                let fleet = await EmbeddedChainTests.fleet(clock: clock)
                var opened = 0
                let run = try await runCycles(
                    clock: clock, from: EmbeddedChainTests.start, through: EmbeddedChainTests.end, interval: 300,
                    base: try SQLiteIncidentStore(path: path), crashAt: crashAt
                ) { store in
                    opened += 1
                    // After the kill, the restarted agent opens the file anew.
                    let base: any IncidentStore =
                        opened == 1 ? store : CrashingStore(try SQLiteIncidentStore(path: path), crashAt: nil)
                    return await EmbeddedChainTests.make(
                        base, fleet: fleet, clock: clock, notifier: notifier, dryRun: true)
                }
                #expect(run.restarts == 1)
                let dump = try await StoreDump.of(try SQLiteIncidentStore(path: path))
                dump.expectEqual(to: expected, "killed at write \(crashAt)")
            }
        }
    }
#endif
