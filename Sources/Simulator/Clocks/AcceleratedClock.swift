public import AIOpsCore
public import Foundation

/// Simulated time running `speed` times faster than wall time from `start`: at 600×, two
/// simulated hours pass in twelve seconds. For the demo; tests use `VirtualClock`.
public struct AcceleratedClock: AgentClock {
    /// The simulated time when the clock was created.
    public let start: Date
    /// Simulated seconds per wall-clock second.
    public let speed: Double
    private let origin: ContinuousClock.Instant

    /// Throws when `speed` is not a positive finite number.
    public init(start: Date, speed: Double) throws {
        guard speed > 0, speed.isFinite else {
            throw AIOpsError(.invalidInput, "clock speed must be a positive number (e.g. 600), got \(speed)")
        }
        self.start = start
        self.speed = speed
        origin = ContinuousClock.now
    }

    public func now() -> Date {
        let elapsed = ContinuousClock.now - origin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return start.addingTimeInterval(seconds * speed)
    }

    /// Sleeps the wall time that takes simulated time to `deadline` (at least until `now()` reaches it).
    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSince(now())
            if remaining <= 0 { return }
            // At least a millisecond, so rounding never spins the loop.
            try await Task.sleep(for: .seconds(max(remaining / speed, 0.001)))
        }
    }
}
