import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Synchronization
import Testing

/// The detection cycle's snapshots go to DynamoDB with `BatchWriteItem`, 25 per call, and what
/// DynamoDB leaves unprocessed is written again.
struct SnapshotBatchMotoTests {
    @Test func snapshotsAreBatchWrittenAndUnprocessedItemsRetried() async throws {
        let moto = try Moto()
        let dynamoDB = ThrottlingDynamoDB(DynamoDBClient(executor: moto.executor))
        let store = DynamoDBIncidentStore(dynamoDB: dynamoDB, table: Moto.unique("aiops-events"))
        try await store.createTableIfMissing()
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        var snapshots = (0..<60).map { index in
            InstanceSnapshot(
                instance: Instance(id: "i-batch\(index)", name: "web-\(index)"), health: .healthy, lastScore: 0.4,
                lastSeen: at, recent: [MetricPoint(timestamp: at, value: Double(index))])
        }
        // The same instance twice in one call: the last one wins, as with saveSnapshot.
        snapshots.append(
            InstanceSnapshot(
                instance: Instance(id: "i-batch0", name: "web-0"), health: .degraded, lastScore: 0.9, lastSeen: at,
                recent: []))
        try await store.saveSnapshots(snapshots)

        let stored = try await store.snapshots()
        #expect(stored.count == 60)
        #expect(stored.first { $0.instance.id == "i-batch0" }?.health == .degraded)
        #expect(stored.first { $0.instance.id == "i-batch59" }?.recent.first?.value == 59)
        // 60 items: 25 + 25 + 10, and one more call for the first call's unprocessed half.
        let calls = dynamoDB.batchSizes.withLock { $0 }
        #expect(calls.count == 4, "\(calls)")
        #expect(calls.allSatisfy { $0 <= 25 }, "\(calls)")
        #expect(dynamoDB.putItems.withLock { $0 } == 0)
    }
}

/// DynamoDB on moto, whose first `BatchWriteItem` writes only half its items and returns the rest
/// as unprocessed, as DynamoDB does when throttled (moto never throttles).
final class ThrottlingDynamoDB: DynamoDBAPI {
    let real: DynamoDBClient
    let batchSizes = Mutex<[Int]>([])
    let putItems = Mutex(0)

    init(_ real: DynamoDBClient) { self.real = real }

    func batchPutItems(table: String, items: [DynamoDBItem]) async throws -> [DynamoDBItem] {
        let first = batchSizes.withLock {
            $0.append(items.count)
            return $0.count == 1
        }
        guard first else { return try await real.batchPutItems(table: table, items: items) }
        let half = items.count / 2
        let unprocessed = try await real.batchPutItems(table: table, items: Array(items.prefix(half)))
        return unprocessed + items.suffix(from: half)
    }

    func putItem(_ input: PutItemInput) async throws {
        putItems.withLock { $0 += 1 }
        try await real.putItem(input)
    }
    func getItem(table: String, key: DynamoDBItem, consistentRead: Bool) async throws -> DynamoDBItem? {
        try await real.getItem(table: table, key: key, consistentRead: consistentRead)
    }
    func query(_ input: QueryInput) async throws -> QueryPage { try await real.query(input) }
    func updateItem(_ input: UpdateItemInput) async throws -> DynamoDBItem? { try await real.updateItem(input) }
    func createTable(_ input: CreateTableInput) async throws -> TableDescription { try await real.createTable(input) }
    func describeTable(_ name: String) async throws -> TableDescription { try await real.describeTable(name) }
    func updateTimeToLive(table: String, attribute: String, enabled: Bool) async throws {
        try await real.updateTimeToLive(table: table, attribute: attribute, enabled: enabled)
    }
}
