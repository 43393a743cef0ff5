public import Foundation

/// The agent's notion of time, injected so simulations and tests replay exactly.
public protocol AgentClock: Sendable {
    func now() -> Date
    /// Suspends until `deadline` on this clock (a virtual clock may jump there at once).
    func sleep(until deadline: Date) async throws
}

/// Wall-clock time.
public struct SystemClock: AgentClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(until deadline: Date) async throws {
        let seconds = deadline.timeIntervalSinceNow
        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) }
    }
}
