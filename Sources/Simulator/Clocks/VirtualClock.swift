public import AIOpsCore
public import Foundation
import Synchronization

/// A clock that moves only when told: tests advance it, and every `sleep(until:)` whose deadline
/// it passes resumes. Deterministic: nothing depends on wall time.
///
/// To step an agent loop exactly, wait until it sleeps, then advance:
/// ```swift
/// await clock.waitForSleepers(1)
/// clock.advance(by: 300)
/// ```
public final class VirtualClock: AgentClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Watcher {
        let count: Int
        let continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Date
        var nextID: UInt64 = 0
        var sleepers: [Sleeper] = []
        /// Sleeps that have an id but are not parked yet (a cancellation may land in between).
        var arriving: Set<UInt64> = []
        var cancelled: Set<UInt64> = []
        var watchers: [Watcher] = []

        /// Removes and returns the watchers the current number of sleepers satisfies.
        mutating func satisfiedWatchers() -> [Watcher] {
            let ready = watchers.filter { $0.count <= sleepers.count }
            watchers.removeAll { $0.count <= sleepers.count }
            return ready
        }
    }

    private let state: Mutex<State>

    public init(start: Date) { state = Mutex(State(now: start)) }

    public func now() -> Date { state.withLock { $0.now } }

    /// How many tasks are sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves the clock forward by `seconds` (never backwards) and wakes the sleepers it passes.
    public func advance(by seconds: TimeInterval) {
        guard seconds > 0 else { return }
        advance(to: now().addingTimeInterval(seconds))
    }

    /// Moves the clock to `date` (ignored when it is not later) and wakes the sleepers it passes,
    /// earliest deadline first.
    public func advance(to date: Date) {
        let woken: [Sleeper] = state.withLock { state in
            guard date > state.now else { return [] }
            state.now = date
            let due = state.sleepers.filter { $0.deadline <= date }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= date }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Returns once at least `count` tasks sleep on this clock. Not cancellable: use it where
    /// the task under test is known to sleep.
    public func waitForSleepers(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                guard state.sleepers.count < count else { return true }
                state.watchers.append(Watcher(count: count, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Suspends until the clock reaches `deadline`; returns at once when it has. Throws
    /// `CancellationError` when the task is cancelled while sleeping.
    public func sleep(until deadline: Date) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.nextID += 1
            state.arriving.insert(state.nextID)
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome {
                    case now, cancelled
                    case parked([Watcher])
                }
                let outcome: Outcome = state.withLock { state in
                    state.arriving.remove(id)
                    if state.cancelled.remove(id) != nil { return .cancelled }
                    if deadline <= state.now { return .now }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return .parked(state.satisfiedWatchers())
                }
                switch outcome {
                case .now: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .parked(let watchers): for watcher in watchers { watcher.continuation.resume() }
                }
            }
        } onCancel: {
            let parked: CheckedContinuation<Void, any Error>? = state.withLock { state in
                if let index = state.sleepers.firstIndex(where: { $0.id == id }) {
                    return state.sleepers.remove(at: index).continuation
                }
                if state.arriving.contains(id) { state.cancelled.insert(id) }
                return nil
            }
            parked?.resume(throwing: CancellationError())
        }
    }
}
