public import AIOpsCore
import AWSClient
public import Foundation

extension DynamoDBIncidentStore {
    // MARK: Anomalies and chart points

    public func recordAnomaly(_ anomaly: Anomaly, incidentID: String) async throws {
        let sk = "ANOM#\(StoreKeys.exact(anomaly.timestamp))#\(anomaly.metric.rawValue)#\(anomaly.instanceID)"
        // A redelivered point keeps the first copy.
        _ = try await putIfNew(["pk": .s("INC#\(incidentID)"), "sk": .s(sk), "doc": .s(try StoreKeys.json(anomaly))])
    }

    public func anomalies(incidentID: String) async throws -> [Anomaly] {
        try await children(incidentID, prefix: "ANOM#").map { item throws(AIOpsError) in
            try StoreKeys.decode(Anomaly.self, item)
        }
    }

    public func appendSeries(_ points: [ScoredPoint], incidentID: String) async throws {
        let expiresAt = AttributeValue.number(Int(Date().addingTimeInterval(retention).timeIntervalSince1970))
        for point in points {
            try await put([
                "pk": .s("INC#\(incidentID)"), "sk": .s("PT#\(StoreKeys.exact(point.timestamp))"),
                "doc": .s(try StoreKeys.json(point)), "expiresAt": expiresAt,
            ])
        }
    }

    public func series(incidentID: String) async throws -> [ScoredPoint] {
        try await children(incidentID, prefix: "PT#").map { item throws(AIOpsError) in
            try StoreKeys.decode(ScoredPoint.self, item)
        }
    }

    /// The items under an incident whose sort key starts with `prefix`, in key order.
    private func children(_ incidentID: String, prefix: String) async throws -> [DynamoDBItem] {
        try await query(
            QueryInput(
                tableName: table, keyConditionExpression: "pk = :p AND begins_with(sk, :prefix)",
                expressionAttributeValues: [":p": .s("INC#\(incidentID)"), ":prefix": .s(prefix)], consistentRead: true)
        )
    }

    // MARK: Snapshots

    public func saveSnapshot(_ snapshot: InstanceSnapshot) async throws {
        try await put(try Self.snapshotItem(snapshot))
    }

    /// `BatchWriteItem`, 25 items per call; the items DynamoDB leaves unprocessed (throttling) are
    /// written again after a capped, jittered backoff, at most `batchWriteAttempts` times.
    public func saveSnapshots(_ snapshots: [InstanceSnapshot]) async throws {
        // The last snapshot of an instance wins, as with one `saveSnapshot` after the other (a
        // batch may not hold the same key twice).
        var latest: [String: Int] = [:]
        for (index, snapshot) in snapshots.enumerated() { latest[snapshot.instance.id] = index }
        let items = try snapshots.indices.filter { latest[snapshots[$0].instance.id] == $0 }
            .map { try Self.snapshotItem(snapshots[$0]) }
        for start in stride(from: 0, to: items.count, by: 25) {
            var pending = Array(items[start..<min(start + 25, items.count)])
            var attempt = 0
            while !pending.isEmpty {
                attempt += 1
                guard attempt <= Self.batchWriteAttempts else {
                    throw AIOpsError(
                        .unavailable,
                        "the DynamoDB incident store failed: \(pending.count) snapshots stayed unprocessed after "
                            + "\(Self.batchWriteAttempts) BatchWriteItem attempts")
                }
                if attempt > 1 {
                    let cap = min(2.0, 0.05 * pow(2, Double(attempt - 2)))
                    try await Task.sleep(for: .seconds(Double.random(in: cap / 2...cap)))
                }
                let batch = pending
                pending = try await wrap { try await dynamoDB.batchPutItems(table: table, items: batch) }
            }
        }
    }

    /// How many times a batch's unprocessed items are sent (backoff 50 ms doubling to 2 s).
    static let batchWriteAttempts = 8

    static func snapshotItem(_ snapshot: InstanceSnapshot) throws -> DynamoDBItem {
        [
            "pk": .s("SNAP#\(snapshot.instance.id)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(snapshot)),
            "gsi1pk": .s(StoreKeys.snapshots), "gsi1sk": .s(snapshot.instance.id),
        ]
    }

    public func snapshots() async throws -> [InstanceSnapshot] {
        try await list(StoreKeys.snapshots, forward: true)
            .map { item throws(AIOpsError) in try StoreKeys.decode(InstanceSnapshot.self, item) }
            .sorted { ($0.instance.name, $0.instance.id) < ($1.instance.name, $1.instance.id) }
    }

    // MARK: Actions

    public func claim(_ action: RemediationAction) async throws -> Bool {
        try await putIfNew(try actionItem(action))
    }

    public func update(_ action: RemediationAction) async throws {
        try await put(try actionItem(action))
    }

    private func actionItem(_ action: RemediationAction) throws -> DynamoDBItem {
        [
            "pk": .s("ACTKEY#\(action.idempotencyKey)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(action)),
            "gsi1pk": .s(StoreKeys.actions), "gsi1sk": .s(try StoreKeys.ordered(action.at, action.id)),
        ]
    }

    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        guard limit > 0 else { return [] }
        var found: [RemediationAction] = []
        for item in try await list(StoreKeys.actions, forward: false) {
            let action = try StoreKeys.decode(RemediationAction.self, item)
            if let since, action.at < since { continue }
            if let incidentID, action.incidentID != incidentID { continue }
            if let instanceID, action.instanceID != instanceID { continue }
            found.append(action)
            if found.count == limit { break }
        }
        return found
    }

    // MARK: Audit trail, handled events, checkpoints

    public func append(_ record: AuditRecord) async throws {
        _ = try await putIfNew([
            "pk": .s("AUDIT#\(record.id)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(record)),
            "gsi1pk": .s(StoreKeys.audit), "gsi1sk": .s(try StoreKeys.ordered(record.at, record.id)),
        ])
    }

    public func audit(incidentID: String?, limit: Int) async throws -> [AuditRecord] {
        guard limit > 0 else { return [] }
        var found: [AuditRecord] = []
        for item in try await list(StoreKeys.audit, forward: false) {
            let record = try StoreKeys.decode(AuditRecord.self, item)
            if let incidentID, record.incidentID != incidentID { continue }
            found.append(record)
            if found.count == limit { break }
        }
        return found
    }

    public func markHandled(eventID: String, at: Date) async throws -> Bool {
        try await putIfNew([
            "pk": .s("EVENT#\(eventID)"), "sk": .s("META"), "handledAt": .s(StoreKeys.exact(at)),
            "expiresAt": .number(Int(at.addingTimeInterval(retention).timeIntervalSince1970)),
        ])
    }

    public func checkpoint(_ key: String) async throws -> String? {
        try await get("CHECKPOINT#\(key)", "META")?["value"]?.string
    }

    public func setCheckpoint(_ key: String, _ value: String) async throws {
        try await put(["pk": .s("CHECKPOINT#\(key)"), "sk": .s("META"), "value": .s(value)])
    }

    /// Every item of a gsi1 partition, in key order (newest first when not `forward`).
    private func list(_ partition: String, forward: Bool) async throws -> [DynamoDBItem] {
        try await query(
            QueryInput(
                tableName: table, indexName: "gsi1", keyConditionExpression: "gsi1pk = :p",
                expressionAttributeValues: [":p": .s(partition)], scanIndexForward: forward))
    }
}
