public import AIOpsCore
import AWSClient
import Foundation

extension DynamoDBIncidentStore {
    /// `APPROVAL#id` / `META`, in gsi1's `APPROVALS_PENDING` partition by expiry while pending
    /// (settling it drops the index keys): the upkeep's read is one small query of what is pending.
    /// Kept 90 days past its expiry (the audit trail keeps who answered), then TTL drops it.
    public func createApproval(_ approval: Approval) async throws -> Bool {
        try await putIfNew(try approvalItem(approval))
    }

    public func approval(id: String) async throws -> Approval? {
        try await get("APPROVAL#\(id)", "META").map { item throws(AIOpsError) in
            try StoreKeys.decode(Approval.self, item)
        }
    }

    /// From gsi1 (eventually consistent: an approval settled a moment ago may still be listed for
    /// about a second; its state says so, and it is filtered out here).
    public func pendingApprovals(limit: Int) async throws -> [Approval] {
        guard limit > 0 else { return [] }
        return try await query(
            QueryInput(
                tableName: table, indexName: "gsi1", keyConditionExpression: "gsi1pk = :p",
                expressionAttributeValues: [":p": .s(StoreKeys.pendingApprovals)]),
            maxItems: limit
        )
        .map { item throws(AIOpsError) in try StoreKeys.decode(Approval.self, item) }
        .filter { $0.state == .pending }
    }

    /// One conditional `PutItem` that holds only while the stored copy is pending: of two people
    /// answering at once, the first one's answer is kept and the second is told it.
    public func settleApproval(_ settled: Approval) async throws -> ApprovalSettlement {
        do {
            try await dynamoDB.putItem(
                PutItemInput(
                    tableName: table, item: try approvalItem(settled),
                    conditionExpression: "attribute_exists(pk) AND approvalState = :pending",
                    expressionAttributeValues: [":pending": .s(Approval.State.pending.rawValue)]))
            return .settled(settled)
        } catch let error as AWSError where error.code == .conditionalCheckFailed {
            guard let stored = try await approval(id: settled.id) else { return .missing }
            // Our own write whose reply was lost (the client retried): it is ours.
            return stored == settled ? .settled(stored) : .alreadySettled(stored)
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
    }

    private func approvalItem(_ approval: Approval) throws -> DynamoDBItem {
        var item: DynamoDBItem = [
            "pk": .s("APPROVAL#\(approval.id)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(approval)),
            "approvalState": .s(approval.state.rawValue),
            StoreKeys.ttl: .number(Int(approval.expiresAt.timeIntervalSince1970) + 90 * 86_400),
        ]
        if approval.state == .pending {
            item["gsi1pk"] = .s(StoreKeys.pendingApprovals)
            item["gsi1sk"] = .s(try StoreKeys.ordered(approval.expiresAt, approval.id))
        }
        return item
    }
}
