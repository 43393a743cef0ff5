public import AIOpsCore
import AWSClient
public import Foundation

extension DynamoDBIncidentStore {
    /// `SILENCE#id` / `META`, in gsi1's `SILENCES` partition by expiry: the pipeline's read takes
    /// the silences not expired yet, one small query whatever the history. Kept 90 days past their
    /// expiry (the audit trail keeps who made and ended them), then DynamoDB's TTL drops them.
    public func createSilence(_ silence: Silence) async throws -> Bool {
        try await putIfNew(try silenceItem(silence))
    }

    public func silence(id: String) async throws -> Silence? {
        try await get("SILENCE#\(id)", "META").map { item throws(AIOpsError) in
            try StoreKeys.decode(Silence.self, item)
        }
    }

    /// From gsi1 (eventually consistent, as every index read: a silence created a moment ago may
    /// be missed for about a second).
    public func silences(expiringAfter now: Date) async throws -> [Silence] {
        try await query(
            QueryInput(
                tableName: table, indexName: "gsi1", keyConditionExpression: "gsi1pk = :p AND gsi1sk >= :m",
                expressionAttributeValues: [":p": .s(StoreKeys.silences), ":m": .s(try StoreKeys.millis(now))])
        )
        .map { item throws(AIOpsError) in try StoreKeys.decode(Silence.self, item) }
        .filter { $0.expiresAt > now }
    }

    /// One conditional `PutItem` that holds only while nobody has ended it (`expiredBy` absent):
    /// of two people ending it at once, the first one's record is kept.
    public func expireSilence(id: String, by: String, at: Date) async throws -> Silence? {
        guard var silence = try await silence(id: id) else { return nil }
        guard silence.expiredAt == nil else { return silence }
        silence.expiredAt = at
        silence.expiredBy = by
        var item = try silenceItem(silence)
        item["expiredBy"] = .s(by)
        do {
            try await dynamoDB.putItem(
                PutItemInput(
                    tableName: table, item: item,
                    conditionExpression: "attribute_exists(pk) AND attribute_not_exists(expiredBy)"))
            return silence
        } catch let error as AWSError where error.code == .conditionalCheckFailed {
            return try await self.silence(id: id)
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
    }

    private func silenceItem(_ silence: Silence) throws -> DynamoDBItem {
        [
            "pk": .s("SILENCE#\(silence.id)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(silence)),
            "gsi1pk": .s(StoreKeys.silences), "gsi1sk": .s(try StoreKeys.ordered(silence.expiresAt, silence.id)),
            StoreKeys.ttl: .number(Int(silence.expiresAt.timeIntervalSince1970) + 90 * 86_400),
        ]
    }
}
