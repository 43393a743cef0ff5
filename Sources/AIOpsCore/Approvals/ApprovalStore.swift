import Foundation

/// What a conditional settle of an approval found.
public enum ApprovalSettlement: Sendable, Hashable {
    /// Written: the stored copy was pending.
    case settled(Approval)
    /// Not written: someone settled it first; the stored copy, as they left it.
    case alreadySettled(Approval)
    /// No approval with that id.
    case missing
}

/// Where approvals are kept, beside the incidents: SQLite, DynamoDB, in memory. `IncidentStore`
/// refines it, so a pending approval survives restarts and function recycling.
public protocol ApprovalStore: Sendable {
    /// Stores a new approval; false, and nothing written, when one with its id exists.
    func createApproval(_ approval: Approval) async throws -> Bool
    func approval(id: String) async throws -> Approval?
    /// The pending approvals, soonest expiry first, at most `limit`: bounded by what is pending,
    /// not by history (the upkeep reads them every cycle).
    func pendingApprovals(limit: Int) async throws -> [Approval]
    /// Replaces the stored approval with `settled` (its answer) only while the stored copy is still
    /// `pending`, as one atomic step across processes: a double approval settles once.
    func settleApproval(_ settled: Approval) async throws -> ApprovalSettlement
}

/// A store wrapper whose approvals are those of the store it wraps: conforming gives it the
/// forwarding calls.
public protocol ApprovalForwarding: ApprovalStore {
    var approvalStore: any ApprovalStore { get }
}

extension ApprovalForwarding {
    public func createApproval(_ approval: Approval) async throws -> Bool {
        try await approvalStore.createApproval(approval)
    }
    public func approval(id: String) async throws -> Approval? { try await approvalStore.approval(id: id) }
    public func pendingApprovals(limit: Int) async throws -> [Approval] {
        try await approvalStore.pendingApprovals(limit: limit)
    }
    public func settleApproval(_ settled: Approval) async throws -> ApprovalSettlement {
        try await approvalStore.settleApproval(settled)
    }
}

extension IncidentStore {
    /// The incident's one action that `approval` is about, found by id among the incident's records
    /// (shadow runs recorded beside it at the same time may come first in the store's order).
    public func action(of approval: Approval) async throws -> RemediationAction? {
        try await actions(incidentID: approval.incidentID, instanceID: nil, since: nil, limit: 50)
            .first { $0.id == approval.actionID }
    }
}
