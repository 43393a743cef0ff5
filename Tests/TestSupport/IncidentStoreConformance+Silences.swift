import AIOpsCore
import Foundation
import Testing

/// The silence checks (issue #15): every store keeps silences whole, lists the current ones, and
/// keeps the first person's ending of one.
extension IncidentStoreConformance {
    static let silenceChecks: [Check] = [
        Check(description: "keeps silences whole and lists the unexpired ones", body: keepsSilences),
        Check(description: "keeps the first ending of a silence", body: keepsFirstEnding),
        Check(description: "keeps an incident's silenced mark", body: keepsSilencedMark),
        Check(description: "audits who created and ended a silence", body: auditsSilences),
    ]

    /// A silence of `minutes` from `F.time(0)`, expiring at its end; `recurring` makes it weekly.
    static func silence(_ id: String, expiresIn minutes: Double, recurring: Bool = false) -> Silence {
        let window: SilenceWindow =
            recurring
            ? .recurring(
                .init(
                    frequency: .weekly, weekday: 1, hour: 2, minute: 30, duration: 3600,
                    timeZone: TimeZone(identifier: "Europe/Berlin")!))
            : .once(start: F.time(0), end: F.time(minutes))
        return Silence(
            id: id,
            matchers: [
                try! SilenceMatcher(parsing: "tag:Role=db"), try! SilenceMatcher(parsing: "metric=CPUUtilization"),
            ],
            window: window, owner: "alice", reason: "patching <db> & \"friends\"", createdAt: F.time(-1),
            createdBy: "api", expiresAt: F.time(minutes))
    }

    static func keepsSilences(_ store: any IncidentStore) async throws {
        let short = silence("sil-short", expiresIn: 30)
        let long = silence("sil-long", expiresIn: 60 * 24 * 30, recurring: true)
        #expect(try await store.createSilence(long))
        #expect(try await store.createSilence(short))
        var other = short
        other.reason = "a second create with the same id"
        #expect(try await !store.createSilence(other), "an id is taken once")
        #expect(try await store.silence(id: "sil-short") == short)
        #expect(try await store.silence(id: "sil-long") == long)
        #expect(try await store.silence(id: "sil-none") == nil)
        try await eventually {
            try await store.silences(expiringAfter: F.time(0)).map(\.id) == ["sil-short", "sil-long"]
        }
        try await eventually { try await store.silences(expiringAfter: F.time(30)).map(\.id) == ["sil-long"] }
        let subject = SilenceMatcher.Subject(
            instanceID: "i-1", tags: ["Role": "db"], metric: .cpuUtilization, severity: .critical)
        try await eventually { try await store.silences(for: subject, at: F.time(10)).map(\.id) == ["sil-short"] }
    }

    static func keepsFirstEnding(_ store: any IncidentStore) async throws {
        #expect(try await store.createSilence(silence("sil-1", expiresIn: 60)))
        #expect(try await store.expireSilence(id: "sil-none", by: "bob", at: F.time(5)) == nil)
        let ended = try await store.expireSilence(id: "sil-1", by: "bob", at: F.time(5))
        #expect(ended?.expiredBy == "bob")
        #expect(ended?.expiredAt == F.time(5))
        let again = try await store.expireSilence(id: "sil-1", by: "carol", at: F.time(6))
        #expect(again?.expiredBy == "bob", "the first ending is kept")
        #expect(try await store.silence(id: "sil-1") == ended)
        #expect(ended?.state(at: F.time(6)) == .ended)
    }

    static func keepsSilencedMark(_ store: any IncidentStore) async throws {
        var incident = F.incident("inc-silenced")
        incident.silenced = true
        try await store.save(incident)
        #expect(try await store.incident(id: "inc-silenced")?.silenced == true)
        try await store.save(F.incident("inc-loud"))
        #expect(try await store.incident(id: "inc-loud")?.silenced == false)
    }

    static func auditsSilences(_ store: any IncidentStore) async throws { try await auditsSilences(of: store) }

    static func auditsSilences(of store: some IncidentStore) async throws {
        let book = SilenceBook(store: store)
        var silence = silence("sil-audited", expiresIn: 120)
        silence.createdBy = "cli:alice"
        try await book.create(silence, now: F.time(0))
        await #expect(throws: AIOpsError.self) { try await book.create(silence, now: F.time(0)) }
        try await book.expire(id: "sil-audited", by: "api", now: F.time(10))
        await #expect(throws: AIOpsError.self) { try await book.expire(id: "sil-unknown", by: "api", now: F.time(10)) }
        try await eventually {
            let trail = try await store.audit(incidentID: nil, limit: 10)
            return trail.map { "\($0.actor) \($0.action) \($0.outcome)" } == [
                "api unsilence expired sil-audited", "cli:alice silence created sil-audited",
            ]
        }
    }

    /// Index reads (DynamoDB's GSI) are eventually consistent: retries a while before failing.
    static func eventually(_ condition: () async throws -> Bool, sourceLocation: SourceLocation = #_sourceLocation)
        async throws
    {
        for _ in 0..<20 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(try await condition(), sourceLocation: sourceLocation)
    }
}
