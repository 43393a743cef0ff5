/// A key attribute's name and type (`S`, `N` or `B`).
public struct AttributeDefinition: Codable, Sendable, Hashable {
    public var attributeName: String
    public var attributeType: String
    public init(_ name: String, _ type: String) {
        attributeName = name
        attributeType = type
    }
    enum CodingKeys: String, CodingKey {
        case attributeName = "AttributeName"
        case attributeType = "AttributeType"
    }
}

/// One part of a key: `HASH` (partition) or `RANGE` (sort).
public struct KeySchemaElement: Codable, Sendable, Hashable {
    public var attributeName: String
    public var keyType: String
    public init(_ name: String, _ keyType: String) {
        attributeName = name
        self.keyType = keyType
    }
    public static func hash(_ name: String) -> KeySchemaElement { KeySchemaElement(name, "HASH") }
    public static func range(_ name: String) -> KeySchemaElement { KeySchemaElement(name, "RANGE") }
    enum CodingKeys: String, CodingKey {
        case attributeName = "AttributeName"
        case keyType = "KeyType"
    }
}

/// A global secondary index to create, projecting all attributes.
public struct GlobalSecondaryIndex: Encodable, Sendable, Hashable {
    public var indexName: String
    public var keySchema: [KeySchemaElement]
    public var projection = Projection()
    public init(indexName: String, keySchema: [KeySchemaElement]) {
        self.indexName = indexName
        self.keySchema = keySchema
    }
    public struct Projection: Encodable, Sendable, Hashable {
        var projectionType = "ALL"
        enum CodingKeys: String, CodingKey { case projectionType = "ProjectionType" }
    }
    enum CodingKeys: String, CodingKey {
        case indexName = "IndexName"
        case keySchema = "KeySchema"
        case projection = "Projection"
    }
}

/// Input of `CreateTable`, on-demand billing.
public struct CreateTableInput: Encodable, Sendable {
    public var tableName: String
    public var attributeDefinitions: [AttributeDefinition]
    public var keySchema: [KeySchemaElement]
    public var globalSecondaryIndexes: [GlobalSecondaryIndex]?
    public var billingMode = "PAY_PER_REQUEST"

    public init(
        tableName: String, attributeDefinitions: [AttributeDefinition], keySchema: [KeySchemaElement],
        globalSecondaryIndexes: [GlobalSecondaryIndex]? = nil
    ) {
        self.tableName = tableName
        self.attributeDefinitions = attributeDefinitions
        self.keySchema = keySchema
        self.globalSecondaryIndexes = globalSecondaryIndexes.flatMap { $0.isEmpty ? nil : $0 }
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case attributeDefinitions = "AttributeDefinitions"
        case keySchema = "KeySchema"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes"
        case billingMode = "BillingMode"
    }
}

/// What `CreateTable`/`DescribeTable` say about a table.
public struct TableDescription: Decodable, Sendable, Hashable {
    public var tableName: String
    /// `CREATING`, `ACTIVE`, `UPDATING`, `DELETING`, …
    public var tableStatus: String?
    public var tableArn: String?
    public var itemCount: Int?
    public var keySchema: [KeySchemaElement]?
    public var globalSecondaryIndexes: [IndexDescription]?

    public struct IndexDescription: Decodable, Sendable, Hashable {
        public var indexName: String
        public var indexStatus: String?
        enum CodingKeys: String, CodingKey {
            case indexName = "IndexName"
            case indexStatus = "IndexStatus"
        }
    }

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case tableStatus = "TableStatus"
        case tableArn = "TableArn"
        case itemCount = "ItemCount"
        case keySchema = "KeySchema"
        case globalSecondaryIndexes = "GlobalSecondaryIndexes"
    }
}
