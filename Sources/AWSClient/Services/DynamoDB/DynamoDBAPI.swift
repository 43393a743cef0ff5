/// The DynamoDB calls the agent's incident store makes.
public protocol DynamoDBAPI: Sendable {
    /// Writes an item; throws `AWSError` with `.conditionalCheckFailed` when the condition fails.
    func putItem(_ input: PutItemInput) async throws
    /// The item with `key`, or nil.
    func getItem(table: String, key: DynamoDBItem, consistentRead: Bool) async throws -> DynamoDBItem?
    /// One page of a query (for callers that page with a cursor).
    func query(_ input: QueryInput) async throws -> QueryPage
    /// Updates an item and returns its attributes as `returnValues` asks (nil for `NONE`).
    func updateItem(_ input: UpdateItemInput) async throws -> DynamoDBItem?
    func createTable(_ input: CreateTableInput) async throws -> TableDescription
    /// Throws `.resourceNotFound` when there is no such table.
    func describeTable(_ name: String) async throws -> TableDescription
    /// Turns expiry by the epoch-seconds attribute `attribute` on or off.
    func updateTimeToLive(table: String, attribute: String, enabled: Bool) async throws
    /// Puts up to 25 items into `table` in one `BatchWriteItem` call; returns the items DynamoDB
    /// left unprocessed (throttled), which the caller writes again.
    func batchPutItems(table: String, items: [DynamoDBItem]) async throws -> [DynamoDBItem]
}

extension DynamoDBAPI {
    /// Every item of a query, pages followed, stopping once `maxItems` are in hand.
    public func queryAll(_ input: QueryInput, maxItems: Int = .max) async throws -> [DynamoDBItem] {
        var request = input
        var items: [DynamoDBItem] = []
        repeat {
            let page = try await query(request)
            items += page.items
            request.exclusiveStartKey = page.lastEvaluatedKey
        } while request.exclusiveStartKey != nil && items.count < maxItems
        return Array(items.prefix(maxItems))
    }
}
