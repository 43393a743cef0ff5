public import Foundation

/// Where silences are kept, beside the incidents: SQLite, DynamoDB, in memory. `IncidentStore`
/// refines it, so every store has them and the pipeline reads them from the store it writes to.
public protocol SilenceStore: Sendable {
    /// Stores a new silence; false, and nothing written, when one with its id exists.
    func createSilence(_ silence: Silence) async throws -> Bool
    func silence(id: String) async throws -> Silence?
    /// The silences that have not expired by `now` (active, upcoming, or ended early by someone
    /// but not yet past their expiry), soonest expiry first. Bounded by what is current, not by history.
    func silences(expiringAfter now: Date) async throws -> [Silence]
    /// Ends a silence early, as one conditional write: the copy with `expiredAt`/`expiredBy` set
    /// comes back; nil when there is no such silence. A silence already ended stays as it was ended
    /// (the first person's record wins) and is returned unchanged.
    func expireSilence(id: String, by: String, at: Date) async throws -> Silence?
}

extension SilenceStore {
    /// The silences holding for `subject` at `date`.
    public func silences(for subject: SilenceMatcher.Subject, at date: Date) async throws -> [Silence] {
        try await silences(expiringAfter: date).filter { $0.silences(subject, at: date) }
    }
}

/// A store wrapper (one that publishes changes, or injects faults in tests) whose silences are
/// those of the store it wraps: conforming gives it the forwarding calls.
public protocol SilenceForwarding: SilenceStore {
    var silenceStore: any SilenceStore { get }
}

extension SilenceForwarding {
    public func createSilence(_ silence: Silence) async throws -> Bool {
        try await silenceStore.createSilence(silence)
    }
    public func silence(id: String) async throws -> Silence? { try await silenceStore.silence(id: id) }
    public func silences(expiringAfter now: Date) async throws -> [Silence] {
        try await silenceStore.silences(expiringAfter: now)
    }
    public func expireSilence(id: String, by: String, at: Date) async throws -> Silence? {
        try await silenceStore.expireSilence(id: id, by: by, at: at)
    }
}
