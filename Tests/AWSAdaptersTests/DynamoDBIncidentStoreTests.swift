import AIOpsCore
import AWSAdapters
import AWSClient
import Foundation
import TestSupport
import Testing

/// The shared incident-store checks, each on a fresh table in moto.
@Suite struct DynamoDBIncidentStoreTests {
    @Test(arguments: IncidentStoreConformance.checks)
    func conforms(_ check: IncidentStoreConformance.Check) async throws {
        let moto = try AdapterMoto()
        try await check.run { _ in
            let store = DynamoDBIncidentStore(
                dynamoDB: DynamoDBClient(executor: moto.executor), table: AdapterMoto.unique("aiops-events"))
            try await store.createTableIfMissing()
            return store
        }
    }

    @Test func tableCreationIsIdempotentAndTurnsOnTTL() async throws {
        let moto = try AdapterMoto()
        let client = DynamoDBClient(executor: moto.executor)
        let table = AdapterMoto.unique("aiops-events")
        let store = DynamoDBIncidentStore(dynamoDB: client, table: table)
        try await store.createTableIfMissing()
        try await store.createTableIfMissing()
        #expect(
            try await client.describeTable(table).globalSecondaryIndexes?.map(\.indexName).sorted() == ["gsi1", "gsi2"])
        struct Input: Encodable { var TableName: String }
        struct Output: Decodable {
            struct Description: Decodable {
                var TimeToLiveStatus: String?
                var AttributeName: String?
            }
            var TimeToLiveDescription: Description
        }
        let ttl = try await moto.executor.json(
            .dynamoDB, "DescribeTimeToLive", Input(TableName: table), as: Output.self)
        #expect(ttl.TimeToLiveDescription.AttributeName == "expiresAt")
        #expect(ttl.TimeToLiveDescription.TimeToLiveStatus == "ENABLED")
    }
}
