import AIOpsCore
import Foundation
import Testing

/// The lease checks: what the remediation guards (fleet slots, per-instance cooldowns) rely on.
extension IncidentStoreConformance {
    static let leaseChecks: [Check] = [
        Check(description: "holds a lease until it ends", body: holdsLeases),
        Check(description: "grants a contended lease to one racer", body: grantsLeaseOnce),
        Check(description: "reads one incident's actions and audit apart", body: readsPerIncident),
        Check(description: "lists the actions still pending", body: listsPendingActions),
    ]

    static func holdsLeases(_ store: any IncidentStore) async throws {
        let t0 = F.time(0)
        let end = t0.addingTimeInterval(1800)
        #expect(try await store.acquireLease("cooldown:i-1", holder: "a", until: end, now: t0) == .acquired)
        let held = try await store.acquireLease("cooldown:i-1", holder: "b", until: end, now: t0.addingTimeInterval(60))
        #expect(held == .held(Lease(key: "cooldown:i-1", holder: "a", until: end)))
        // The holder asking again (a retried call) keeps it; another key is free.
        #expect(try await store.acquireLease("cooldown:i-1", holder: "a", until: end, now: t0) == .acquired)
        #expect(try await store.acquireLease("cooldown:i-2", holder: "b", until: end, now: t0) == .acquired)
        // Giving back is the holder's alone.
        try await store.releaseLease("cooldown:i-1", holder: "b")
        #expect(try await store.acquireLease("cooldown:i-1", holder: "c", until: end, now: t0) != .acquired)
        try await store.releaseLease("cooldown:i-1", holder: "a")
        #expect(try await store.acquireLease("cooldown:i-1", holder: "c", until: end, now: t0) == .acquired)
        // Once its time has ended, anyone may take it.
        let later = end.addingTimeInterval(1)
        #expect(
            try await store.acquireLease("cooldown:i-1", holder: "d", until: later.addingTimeInterval(60), now: end)
                == .acquired)
        #expect(try await store.acquireLease("cooldown:i-1", holder: "c", until: later, now: end) != .acquired)
    }

    static func grantsLeaseOnce(_ store: any IncidentStore) async throws {
        let t0 = F.time(0)
        let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<24 {
                group.addTask {
                    try await store.acquireLease(
                        "fleet-slot:0", holder: "act-\(n)", until: t0.addingTimeInterval(3600), now: t0) == .acquired
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(wins == 1)
    }

    static func readsPerIncident(_ store: any IncidentStore) async throws {
        for n in 0..<30 {
            #expect(
                try await store.claim(
                    F.action("act-\(n)", incident: "inc-\(n % 3)", key: "k-\(n)", at: F.time(Double(n)))))
            try await store.append(F.audit("audit-\(n)", incident: "inc-\(n % 3)", at: F.time(Double(n))))
        }
        let actions = try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 4)
        #expect(actions.map(\.id) == ["act-28", "act-25", "act-22", "act-19"])
        let recent = try await store.actions(incidentID: nil, instanceID: nil, since: F.time(27), limit: 10)
        #expect(recent.map(\.id) == ["act-29", "act-28", "act-27"])
        let audit = try await store.audit(incidentID: "inc-2", limit: 3)
        #expect(audit.map(\.id) == ["audit-29", "audit-26", "audit-23"])
    }

    static func listsPendingActions(_ store: any IncidentStore) async throws {
        var first = F.action("act-a", incident: "inc-a", key: "k-a", at: F.time(0))
        let second = F.action("act-b", incident: "inc-b", key: "k-b", at: F.time(5))
        let done = F.action("act-c", incident: "inc-c", key: "k-c", at: F.time(6), status: .succeeded)
        let early = F.action("act-d", incident: "inc-d", key: "k-d", at: F.time(-60))
        for action in [first, second, done, early] { #expect(try await store.claim(action)) }
        // A claim that loses leaves nothing pending behind.
        #expect(try await store.claim(F.action("act-x", incident: "inc-a", key: "k-a", at: F.time(1))) == false)
        #expect(try await store.pendingActions(since: F.time(-1), limit: 10).map(\.id) == ["act-b", "act-a"])
        first.status = .succeeded
        try await store.update(first)
        #expect(try await store.pendingActions(since: F.time(-1), limit: 10).map(\.id) == ["act-b"])
        #expect(try await store.pendingActions(since: F.time(-90), limit: 1).map(\.id) == ["act-b"])
    }
}
