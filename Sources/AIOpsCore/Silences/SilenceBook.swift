public import Foundation

/// Creates and ends silences with their audit records: the one path the API and the CLI take, so
/// that every silence is validated the same way and nothing about one goes unaudited. Over `any`
/// store: the CLI picks SQLite or DynamoDB at run time, and it is called once per person's action.
public struct SilenceBook: Sendable {
    public let store: any IncidentStore

    public init(store: any IncidentStore) { self.store = store }

    /// Validates and stores `silence`, then audits who created it. A repeated call with the same id
    /// is a conflict, not a second silence.
    @discardableResult
    public func create(_ silence: Silence, now: Date) async throws -> Silence {
        try silence.validate(now: now)
        guard try await store.createSilence(silence) else {
            throw AIOpsError(.conflict, "a silence with id \(silence.id) exists already")
        }
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", silence.id, "created"), at: now, actor: silence.createdBy,
                action: "silence", instanceID: nil, incidentID: nil, outcome: "created \(silence.id)",
                reason: "\(silence.reason) (owner \(silence.owner); \(Self.describe(silence)))"))
        return silence
    }

    /// Ends a silence now, audited; the error says when there is no such silence.
    @discardableResult
    public func expire(id: String, by actor: String, now: Date) async throws -> Silence {
        guard let ended = try await store.expireSilence(id: id, by: actor, at: now) else {
            throw AIOpsError(.notFound, "there is no silence \(id)")
        }
        try await store.append(
            AuditRecord(
                id: StableID.make("audit", id, "expired"), at: ended.expiredAt ?? now, actor: ended.expiredBy ?? actor,
                action: "unsilence", instanceID: nil, incidentID: nil, outcome: "expired \(id)",
                reason: "ended before its expiry by \(ended.expiredBy ?? actor)"))
        return ended
    }

    /// The silences someone may still care about at `now`: active and upcoming (ended ones left out).
    public func current(now: Date) async throws -> [Silence] {
        try await store.silences(expiringAfter: now).filter { $0.state(at: now) != .ended }
    }

    /// `instance=i-1, tag:Role=web`, and the window, in words.
    public static func describe(_ silence: Silence) -> String {
        let matchers = silence.matchers.map(\.description).joined(separator: ", ")
        switch silence.window {
        case .once(let start, let end):
            return "\(matchers) from \(ISO8601.string(from: start)) to \(ISO8601.string(from: end))"
        case .recurring(let r):
            let day = r.weekday.map { "every \(SilenceWindow.Recurrence.weekdays[$0 - 1])" } ?? "every day"
            return "\(matchers) \(day) at \(r.at) \(r.timeZone.identifier) for \(Int(r.duration / 60)) min"
        }
    }
}
