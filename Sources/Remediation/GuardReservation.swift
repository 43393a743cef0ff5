public import AIOpsCore
public import Foundation

/// Reserving the guards for one action, as a state machine that does no I/O: it says which lease
/// to take or give back next, and is told what the store answered.
///
/// The order: the instance's cooldown lease (held for `cooldown`), then one of the fleet's
/// `fleetCapPerHour` slots (each held for an hour), tried in turn. A slot lost on every try gives
/// the cooldown back, so the instance is not blocked by an action that never happened. Holding a
/// slot for an hour after each action is exactly "at most `cap` actions in any hour".
public struct GuardReservation: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case start
        case takingCooldown
        case takingSlot(Int)
        case givingBackCooldown(SkipReason)
        case reserved(slot: Int)
        case lost(SkipReason)
    }

    /// What the caller does next.
    public enum Step: Sendable, Hashable {
        case acquire(key: String, until: Date)
        case release(key: String)
        /// Done: every guard is reserved for the holder.
        case reserved
        /// Done: another decision holds a guard; nothing is held.
        case lost(SkipReason)
    }

    public private(set) var state: State = .start
    let policy: RemediationPolicy
    let instanceID: String
    let now: Date

    public init(policy: RemediationPolicy, instanceID: String, now: Date) {
        self.policy = policy
        self.instanceID = instanceID
        self.now = now
    }

    public static func cooldownKey(_ instanceID: String) -> String { "cooldown:\(instanceID)" }
    public static func slotKey(_ slot: Int) -> String { "fleet-slot:\(slot)" }

    /// The step to take in the current state.
    public mutating func next() -> Step {
        switch state {
        case .start, .takingCooldown:
            // Asked again before an answer: the same request (taking a lease one holds is a no-op).
            state = .takingCooldown
            return .acquire(key: Self.cooldownKey(instanceID), until: now.addingTimeInterval(policy.cooldown))
        case .takingSlot(let slot):
            return .acquire(key: Self.slotKey(slot), until: now.addingTimeInterval(3600))
        case .givingBackCooldown(let reason):
            state = .lost(reason)
            return .release(key: Self.cooldownKey(instanceID))
        case .reserved:
            return .reserved
        case .lost(let reason):
            return .lost(reason)
        }
    }

    /// Takes the store's answer to the last `acquire`.
    public mutating func received(_ grant: LeaseGrant) {
        switch (state, grant) {
        case (.takingCooldown, .acquired):
            state = policy.fleetCapPerHour > 0 ? .takingSlot(0) : .givingBackCooldown(Self.capReached(policy))
        case (.takingCooldown, .held(let lease)):
            state = .lost(.cooldown(lastActionAt: lease.until.addingTimeInterval(-policy.cooldown), until: lease.until))
        case (.takingSlot(let slot), .acquired):
            state = .reserved(slot: slot)
        case (.takingSlot(let slot), .held):
            state =
                slot + 1 < policy.fleetCapPerHour ? .takingSlot(slot + 1) : .givingBackCooldown(Self.capReached(policy))
        case (.start, _), (.givingBackCooldown, _), (.reserved, _), (.lost, _):
            break  // no lease was asked for: nothing to learn from an answer
        }
    }

    private static func capReached(_ policy: RemediationPolicy) -> SkipReason {
        .fleetCapReached(actionsInLastHour: policy.fleetCapPerHour, cap: policy.fleetCapPerHour)
    }
}
