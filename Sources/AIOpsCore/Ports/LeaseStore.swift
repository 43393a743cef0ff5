public import Foundation

/// A named lease: who holds it, and until when.
public struct Lease: Sendable, Hashable {
    public var key: String
    public var holder: String
    public var until: Date

    public init(key: String, holder: String, until: Date) {
        self.key = key
        self.holder = holder
        self.until = until
    }
}

/// The answer to a lease request.
public enum LeaseGrant: Sendable, Hashable {
    case acquired
    /// Someone else holds the lease; nothing was written.
    case held(Lease)
}

/// Leases taken by conditional writes: the remediation guards (fleet cap, per-instance cooldown)
/// hold across processes because taking a lease is one atomic write in the store, not a read
/// followed by a decision.
///
/// Its own protocol (that `IncidentStore` refines) so that other store changes merge apart from it.
public protocol LeaseStore: Sendable {
    /// Takes `key` for `holder` until `until`, atomically across threads and processes. Granted when
    /// nobody holds it, when its holder's time ended at or before `now`, or when `holder` holds it
    /// already (a retried call); otherwise nothing is written and the current lease comes back.
    func acquireLease(_ key: String, holder: String, until: Date, now: Date) async throws -> LeaseGrant
    /// Gives `key` back when `holder` holds it (a decision that took it, then lost another guard);
    /// does nothing otherwise.
    func releaseLease(_ key: String, holder: String) async throws
}
