import AIOpsCore
import Foundation
import Testing

/// The approval checks (issue #16): every store keeps approvals whole, lists the pending ones by
/// expiry, and settles each once, however many answer at once.
extension IncidentStoreConformance {
    static let approvalChecks: [Check] = [
        Check(description: "keeps approvals whole and lists the pending ones", body: keepsApprovals),
        Check(description: "settles an approval once", body: settlesOnce),
        Check(description: "settles an approval once under concurrency", body: settlesOnceConcurrently),
    ]

    /// A pending approval of a reboot, asked at `F.time(0)`, expiring after `minutes`.
    static func approval(_ incidentID: String, expiresIn minutes: Double) -> Approval {
        Approval(
            id: Approval.id(incidentID: incidentID), incidentID: incidentID, actionID: "act-\(incidentID)",
            instance: Instance(id: "i-1", name: "web <1>", tags: ["aiops:remediate": "true"]), kind: .reboot,
            approverRole: "on-call", reason: "CPU 97% & \"OutOfMemoryError\"", requestedAt: F.time(0),
            expiresAt: F.time(minutes))
    }

    static func keepsApprovals(_ store: any IncidentStore) async throws {
        let late = approval("inc-late", expiresIn: 60)
        let soon = approval("inc-soon", expiresIn: 30)
        #expect(try await store.createApproval(late))
        #expect(try await store.createApproval(soon))
        var other = soon
        other.approverRole = "someone else"
        #expect(try await !store.createApproval(other), "an id is taken once")
        #expect(try await store.approval(id: soon.id) == soon)
        #expect(try await store.approval(id: "approval-none") == nil)
        try await eventually { try await store.pendingApprovals(limit: 10).map(\.id) == [soon.id, late.id] }
        try await eventually { try await store.pendingApprovals(limit: 1).map(\.id) == [soon.id] }
        guard
            case .settled = try await store.settleApproval(
                soon.settled(.approved, by: "alice", via: "api", at: F.time(5)))
        else {
            Issue.record("a pending approval settles")
            return
        }
        try await eventually { try await store.pendingApprovals(limit: 10).map(\.id) == [late.id] }
    }

    static func settlesOnce(_ store: any IncidentStore) async throws {
        let asked = approval("inc-1", expiresIn: 30)
        #expect(try await store.createApproval(asked))
        let first = asked.settled(.approved, by: "alice", via: "dashboard", at: F.time(3))
        #expect(try await store.settleApproval(first) == .settled(first))
        let second = asked.settled(.rejected, by: "bob", via: "slack", at: F.time(4))
        #expect(try await store.settleApproval(second) == .alreadySettled(first), "the first answer is kept")
        #expect(try await store.approval(id: asked.id) == first)
        let stray = approval("inc-none", expiresIn: 30).settled(.expired, by: "agent", via: "upkeep", at: F.time(31))
        #expect(try await store.settleApproval(stray) == .missing)
    }

    static func settlesOnceConcurrently(_ store: any IncidentStore) async throws {
        let asked = approval("inc-race", expiresIn: 30)
        #expect(try await store.createApproval(asked))
        let results = try await withThrowingTaskGroup(of: ApprovalSettlement.self) { group in
            for n in 0..<8 {
                let answer = asked.settled(n % 2 == 0 ? .approved : .rejected, by: "p\(n)", via: "api", at: F.time(1))
                group.addTask { try await store.settleApproval(answer) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let winners = results.compactMap { result -> Approval? in
            if case .settled(let approval) = result { return approval }
            return nil
        }
        #expect(winners.count == 1)
        #expect(try await store.approval(id: asked.id) == winners.first)
    }
}
