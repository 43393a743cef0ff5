/// Input of `PutItem`; with `conditionExpression` the write happens only when it holds.
public struct PutItemInput: Encodable, Sendable {
    public var tableName: String
    public var item: DynamoDBItem
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: DynamoDBItem?

    public init(
        tableName: String, item: DynamoDBItem, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: DynamoDBItem? = nil
    ) {
        self.tableName = tableName
        self.item = item
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case item = "Item"
        case conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
    }
}

/// Input of `Query`, on the table or one of its indexes.
public struct QueryInput: Encodable, Sendable {
    public var tableName: String
    public var indexName: String?
    public var keyConditionExpression: String
    public var filterExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: DynamoDBItem?
    /// False for newest first when the sort key is a time.
    public var scanIndexForward: Bool?
    public var limit: Int?
    public var exclusiveStartKey: DynamoDBItem?
    public var consistentRead: Bool?

    public init(
        tableName: String, indexName: String? = nil, keyConditionExpression: String, filterExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: DynamoDBItem? = nil,
        scanIndexForward: Bool? = nil, limit: Int? = nil, exclusiveStartKey: DynamoDBItem? = nil,
        consistentRead: Bool? = nil
    ) {
        self.tableName = tableName
        self.indexName = indexName
        self.keyConditionExpression = keyConditionExpression
        self.filterExpression = filterExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.scanIndexForward = scanIndexForward
        self.limit = limit
        self.exclusiveStartKey = exclusiveStartKey
        self.consistentRead = consistentRead
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case indexName = "IndexName"
        case keyConditionExpression = "KeyConditionExpression"
        case filterExpression = "FilterExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case scanIndexForward = "ScanIndexForward"
        case limit = "Limit"
        case exclusiveStartKey = "ExclusiveStartKey"
        case consistentRead = "ConsistentRead"
    }
}

/// One page of a `Query`; `lastEvaluatedKey` continues it (nil on the last page).
public struct QueryPage: Decodable, Sendable {
    public var items: [DynamoDBItem]
    public var lastEvaluatedKey: DynamoDBItem?

    public init(items: [DynamoDBItem], lastEvaluatedKey: DynamoDBItem?) {
        self.items = items
        self.lastEvaluatedKey = lastEvaluatedKey
    }

    enum CodingKeys: String, CodingKey {
        case items = "Items"
        case lastEvaluatedKey = "LastEvaluatedKey"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decodeIfPresent([DynamoDBItem].self, forKey: .items) ?? []
        lastEvaluatedKey = try container.decodeIfPresent(DynamoDBItem.self, forKey: .lastEvaluatedKey)
    }
}

/// Input of `UpdateItem`.
public struct UpdateItemInput: Encodable, Sendable {
    public var tableName: String
    public var key: DynamoDBItem
    public var updateExpression: String
    public var conditionExpression: String?
    public var expressionAttributeNames: [String: String]?
    public var expressionAttributeValues: DynamoDBItem?
    /// `NONE`, `ALL_NEW`, `ALL_OLD`, `UPDATED_NEW`, `UPDATED_OLD`.
    public var returnValues: String?

    public init(
        tableName: String, key: DynamoDBItem, updateExpression: String, conditionExpression: String? = nil,
        expressionAttributeNames: [String: String]? = nil, expressionAttributeValues: DynamoDBItem? = nil,
        returnValues: String? = "ALL_NEW"
    ) {
        self.tableName = tableName
        self.key = key
        self.updateExpression = updateExpression
        self.conditionExpression = conditionExpression
        self.expressionAttributeNames = expressionAttributeNames
        self.expressionAttributeValues = expressionAttributeValues
        self.returnValues = returnValues
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case key = "Key"
        case updateExpression = "UpdateExpression"
        case conditionExpression = "ConditionExpression"
        case expressionAttributeNames = "ExpressionAttributeNames"
        case expressionAttributeValues = "ExpressionAttributeValues"
        case returnValues = "ReturnValues"
    }
}
