public import AIOpsCore
import AWSClient
public import Foundation

extension DynamoDBIncidentStore {
    /// One conditional `PutItem` on `LEASE#key`: DynamoDB applies the condition and the write as one
    /// step, so of several functions racing for a lease exactly one gets it. A retry after a lost
    /// reply passes the condition on its own holder, so it is not mistaken for a loss.
    public func acquireLease(_ key: String, holder: String, until: Date, now: Date) async throws -> LeaseGrant {
        let pk = "LEASE#\(key)"
        let item: DynamoDBItem = [
            "pk": .s(pk), "sk": .s("META"), "holder": .s(holder), "until": Self.exactNumber(until),
            // Kept a day past its end (a lease's history helps reading the audit trail), then expired.
            StoreKeys.ttl: .number(Int(until.timeIntervalSince1970) + 86_400),
        ]
        for _ in 0..<3 {
            do {
                try await dynamoDB.putItem(
                    PutItemInput(
                        tableName: table, item: item,
                        conditionExpression: "attribute_not_exists(pk) OR #u <= :now OR #h = :h",
                        expressionAttributeNames: ["#u": "until", "#h": "holder"],
                        expressionAttributeValues: [":now": Self.exactNumber(now), ":h": .s(holder)]))
                return .acquired
            } catch let error as AWSError where error.code == .conditionalCheckFailed {
                // Read who holds it; released meanwhile (no item, or ended): try again.
                guard let current = try await get(pk, "META"), let holder = current["holder"]?.string,
                    let end = current["until"]?.double, end > now.timeIntervalSinceReferenceDate
                else { continue }
                return .held(Lease(key: key, holder: holder, until: Date(timeIntervalSinceReferenceDate: end)))
            } catch let error as AWSError {
                throw Self.storeError(error)
            }
        }
        throw AIOpsError(.unavailable, "the lease \(key) kept changing hands; try again")
    }

    public func releaseLease(_ key: String, holder: String) async throws {
        do {
            try await dynamoDB.putItem(
                PutItemInput(
                    tableName: table,
                    item: [
                        "pk": .s("LEASE#\(key)"), "sk": .s("META"), "holder": .s(holder),
                        "until": Self.exactNumber(.distantPast),
                    ],
                    conditionExpression: "#h = :h", expressionAttributeNames: ["#h": "holder"],
                    expressionAttributeValues: [":h": .s(holder)]))
        } catch let error as AWSError where error.code == .conditionalCheckFailed {
            // Another holder has it (or nobody): nothing of ours to give back.
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
    }

    /// A time as a DynamoDB number that compares as the `Date` does and reads back bit for bit:
    /// `Date`'s own seconds since 2001, in Swift's shortest round-trip form.
    static func exactNumber(_ date: Date) -> AttributeValue { .n("\(date.timeIntervalSinceReferenceDate)") }
}
