public import Foundation

/// A silence or maintenance window: while it holds, anomalies it matches are still detected,
/// stored and shown (marked `silenced`), but page nobody and trigger no action.
public struct Silence: Sendable, Codable, Hashable, Identifiable {
    public var id: String
    /// All must match (an empty list is refused: it would silence the whole fleet).
    public var matchers: [SilenceMatcher]
    public var window: SilenceWindow
    /// The person answerable for it.
    public var owner: String
    public var reason: String
    public var createdAt: Date
    /// Who created it (`api`, `cli:alice`): the audit trail's actor.
    public var createdBy: String
    /// After this, the silence no longer holds, whatever its window says.
    public var expiresAt: Date
    /// Set when someone ended it before its expiry.
    public var expiredAt: Date?
    public var expiredBy: String?

    public init(
        id: String, matchers: [SilenceMatcher], window: SilenceWindow, owner: String, reason: String,
        createdAt: Date, createdBy: String, expiresAt: Date, expiredAt: Date? = nil, expiredBy: String? = nil
    ) {
        self.id = id
        self.matchers = matchers
        self.window = window
        self.owner = owner
        self.reason = reason
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.expiredAt = expiredAt
        self.expiredBy = expiredBy
    }

    public enum State: String, Sendable, Hashable { case active, upcoming, ended }

    /// When it stops holding for good: its expiry, or the moment someone ended it.
    public var endsAt: Date { min(expiresAt, expiredAt ?? .distantFuture) }

    /// Whether it silences `subject` at `date`: every matcher matches, and its window holds.
    public func silences(_ subject: SilenceMatcher.Subject, at date: Date) -> Bool {
        isActive(at: date) && matchers.allSatisfy { $0.matches(subject) }
    }

    public func isActive(at date: Date) -> Bool {
        date < endsAt && window.occurrence(containing: date) != nil
    }

    /// The stretch it holds now or holds next (cut at its end), nil when it never holds again.
    public func nextWindow(after date: Date) -> DateInterval? {
        guard date < endsAt else { return nil }
        guard let window = window.occurrence(containing: date) ?? window.occurrence(startingAfter: date),
            window.start < endsAt
        else { return nil }
        return DateInterval(start: window.start, end: min(window.end, endsAt))
    }

    public func state(at date: Date) -> State {
        guard let next = nextWindow(after: date) else { return .ended }
        return next.start <= date ? .active : .upcoming
    }

    /// The longest a silence may be set for: a forgotten one must not mute an instance for good.
    public static let longestExpiry: TimeInterval = 366 * 86_400

    /// Checks a new silence; the error says what to change.
    public func validate(now: Date) throws(AIOpsError) {
        guard !matchers.isEmpty else {
            throw AIOpsError(
                .invalidInput, "a silence needs at least one matcher (instance=, tag:KEY=, metric=, severity=)")
        }
        guard matchers.count <= 20 else { throw AIOpsError(.invalidInput, "a silence has at most 20 matchers") }
        for (name, text, limit) in [("owner", owner, 128), ("reason", reason, 1024)] {
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw AIOpsError(.invalidInput, "a silence needs a\(name == "owner" ? "n" : "") \(name)")
            }
            guard text.count <= limit else {
                throw AIOpsError(.invalidInput, "the \(name) is over \(limit) characters")
            }
        }
        try window.validate()
        guard expiresAt > now else { throw AIOpsError(.invalidInput, "the expiry must be in the future") }
        guard expiresAt.timeIntervalSince(now) <= Self.longestExpiry else {
            throw AIOpsError(.invalidInput, "the expiry is at most 366 days ahead")
        }
    }
}
