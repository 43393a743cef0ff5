/// DynamoDB over AWS JSON 1.0.
public struct DynamoDBClient: DynamoDBAPI {
    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    public func putItem(_ input: PutItemInput) async throws {
        _ = try await executor.json(.dynamoDB, "PutItem", input, as: EmptyOutput.self)
    }

    public func getItem(table: String, key: DynamoDBItem, consistentRead: Bool = false) async throws -> DynamoDBItem? {
        struct Input: Encodable {
            var TableName: String
            var Key: DynamoDBItem
            var ConsistentRead: Bool
        }
        struct Output: Decodable { var Item: DynamoDBItem? }
        let output = try await executor.json(
            .dynamoDB, "GetItem", Input(TableName: table, Key: key, ConsistentRead: consistentRead), as: Output.self)
        return output.Item
    }

    public func query(_ input: QueryInput) async throws -> QueryPage {
        try await executor.json(.dynamoDB, "Query", input, as: QueryPage.self)
    }

    public func updateItem(_ input: UpdateItemInput) async throws -> DynamoDBItem? {
        struct Output: Decodable { var Attributes: DynamoDBItem? }
        return try await executor.json(.dynamoDB, "UpdateItem", input, as: Output.self).Attributes
    }

    public func createTable(_ input: CreateTableInput) async throws -> TableDescription {
        struct Output: Decodable { var TableDescription: TableDescription }
        return try await executor.json(.dynamoDB, "CreateTable", input, as: Output.self).TableDescription
    }

    public func describeTable(_ name: String) async throws -> TableDescription {
        struct Input: Encodable { var TableName: String }
        struct Output: Decodable { var Table: TableDescription }
        return try await executor.json(.dynamoDB, "DescribeTable", Input(TableName: name), as: Output.self).Table
    }

    public func updateTimeToLive(table: String, attribute: String, enabled: Bool) async throws {
        struct Specification: Encodable {
            var Enabled: Bool
            var AttributeName: String
        }
        struct Input: Encodable {
            var TableName: String
            var TimeToLiveSpecification: Specification
        }
        _ = try await executor.json(
            .dynamoDB, "UpdateTimeToLive",
            Input(TableName: table, TimeToLiveSpecification: Specification(Enabled: enabled, AttributeName: attribute)),
            as: EmptyOutput.self)
    }

    public func batchPutItems(table: String, items: [DynamoDBItem]) async throws -> [DynamoDBItem] {
        struct PutRequest: Codable { var Item: DynamoDBItem }
        struct WriteRequest: Codable { var PutRequest: PutRequest? }
        struct Input: Encodable { var RequestItems: [String: [WriteRequest]] }
        struct Output: Decodable { var UnprocessedItems: [String: [WriteRequest]]? }
        guard !items.isEmpty else { return [] }
        guard items.count <= 25 else {
            throw AWSError(.invalidParameter, "DynamoDB BatchWriteItem takes at most 25 items, not \(items.count)")
        }
        let output = try await executor.json(
            .dynamoDB, "BatchWriteItem",
            Input(RequestItems: [table: items.map { WriteRequest(PutRequest: PutRequest(Item: $0)) }]), as: Output.self)
        return (output.UnprocessedItems?[table] ?? []).compactMap { $0.PutRequest?.Item }
    }
}
