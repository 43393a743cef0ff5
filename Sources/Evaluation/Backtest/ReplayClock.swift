public import AIOpsCore
public import Foundation
import Synchronization

/// The backtest's clock: it moves only when the replay advances it, so a replay runs as fast as
/// the machine goes and always gives the same result.
public final class ReplayClock: AgentClock {
    private let time: Mutex<Date>

    public init(start: Date) { time = Mutex(start) }

    public func now() -> Date { time.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(by seconds: TimeInterval) { time.withLock { $0 = $0.addingTimeInterval(max(seconds, 0)) } }

    /// Nothing sleeps in a replay: the loop drives the agent cycle by cycle; a sleeper would wait
    /// for ever, so it is told at once.
    public func sleep(until deadline: Date) async throws {
        guard deadline <= now() else {
            throw AIOpsError(.invalidInput, "the replay clock does not sleep; drive the agent with runCycle()")
        }
    }
}
