import AWSClient
import AWSTestSupport
import Foundation
import Testing

@Suite struct MotoDynamoDBTests {
    static func createTable(_ client: DynamoDBClient) async throws -> String {
        let name = Moto.unique("aiops-events")
        let table = try await client.createTable(
            CreateTableInput(
                tableName: name,
                attributeDefinitions: [.init("pk", "S"), .init("sk", "S"), .init("gsi1pk", "S"), .init("gsi1sk", "S")],
                keySchema: [.hash("pk"), .range("sk")],
                globalSecondaryIndexes: [
                    GlobalSecondaryIndex(indexName: "gsi1", keySchema: [.hash("gsi1pk"), .range("gsi1sk")])
                ]))
        #expect(table.tableName == name)
        return name
    }

    @Test func conditionalPutGetUpdateAndTTL() async throws {
        let client = DynamoDBClient(executor: try Moto().executor)
        let table = try await Self.createTable(client)
        let description = try await client.describeTable(table)
        #expect(description.tableStatus == "ACTIVE")
        #expect(description.globalSecondaryIndexes?.map(\.indexName) == ["gsi1"])

        let key: DynamoDBItem = ["pk": .s("INCIDENT#1"), "sk": .s("META")]
        let item = key.merging([
            "status": .s("open"), "score": .number(0.93), "count": .number(1), "tags": .ss(["a", "b"]),
            "detail": .m(["nested": .l([.bool(true), .null, .b(Data([1, 2, 3]))])]),
        ]) { $1 }
        let onlyNew = PutItemInput(tableName: table, item: item, conditionExpression: "attribute_not_exists(pk)")
        try await client.putItem(onlyNew)
        let duplicate = await #expect(throws: AWSError.self) { try await client.putItem(onlyNew) }
        #expect(duplicate?.code == .conditionalCheckFailed)

        let read = try await client.getItem(table: table, key: key, consistentRead: true)
        #expect(read == item)
        #expect(
            try await client.getItem(table: table, key: ["pk": .s("nope"), "sk": .s("META")], consistentRead: false)
                == nil)

        let updated = try await client.updateItem(
            UpdateItemInput(
                tableName: table, key: key, updateExpression: "SET #s = :resolved ADD #c :one",
                conditionExpression: "#s = :open", expressionAttributeNames: ["#s": "status", "#c": "count"],
                expressionAttributeValues: [":resolved": .s("resolved"), ":open": .s("open"), ":one": .number(1)]))
        #expect(updated?["status"] == .s("resolved"))
        #expect(updated?["count"]?.int == 2)

        try await client.updateTimeToLive(table: table, attribute: "expiresAt", enabled: true)
    }

    @Test func queryAGlobalIndexNewestFirstAcrossPages() async throws {
        let client = DynamoDBClient(executor: try Moto().executor)
        let table = try await Self.createTable(client)
        for index in 0..<7 {
            try await client.putItem(
                PutItemInput(
                    tableName: table,
                    item: [
                        "pk": .s("INCIDENT#\(index)"), "sk": .s("META"), "gsi1pk": .s("INSTANCE#i-1"),
                        "gsi1sk": .s("2024-01-0\(index + 1)T00:00:00Z"), "n": .number(index),
                    ]))
        }
        let input = QueryInput(
            tableName: table, indexName: "gsi1", keyConditionExpression: "gsi1pk = :p",
            expressionAttributeValues: [":p": .s("INSTANCE#i-1")], scanIndexForward: false, limit: 3)
        let first = try await client.query(input)
        #expect(first.items.count == 3)
        #expect(first.lastEvaluatedKey != nil)
        let all = try await client.queryAll(input)
        #expect(all.compactMap { $0["n"]?.int } == [6, 5, 4, 3, 2, 1, 0])
        #expect(try await client.queryAll(input, maxItems: 4).count == 4)
    }

    @Test func aMissingTableIsResourceNotFoundWithMessageAndRequestID() async throws {
        let client = DynamoDBClient(executor: try Moto().executor)
        let error = await #expect(throws: AWSError.self) {
            _ = try await client.getItem(table: Moto.unique("missing"), key: ["pk": .s("x")], consistentRead: false)
        }
        #expect(error?.code == .resourceNotFound)
        #expect(error?.message.isEmpty == false)
        #expect(error?.requestID?.isEmpty == false)
        #expect(error?.statusCode == 400)
        #expect(error?.operation == "DynamoDB.GetItem")
        let describe = await #expect(throws: AWSError.self) {
            _ = try await client.describeTable(Moto.unique("missing"))
        }
        #expect(describe?.code == .resourceNotFound)
    }
}
