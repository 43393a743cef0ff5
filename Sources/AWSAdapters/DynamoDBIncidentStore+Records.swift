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
                "doc": .s(try StoreKeys.json(point)), StoreKeys.ttl: expiresAt,
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

    /// A pending action's index entry goes first: if the claim then fails or the process dies, a
    /// read checks the entry against the action itself and drops it; an action pending without
    /// its entry (never verified) cannot happen.
    public func claim(_ action: RemediationAction) async throws -> Bool {
        if action.status == .pending { try await put(try pendingEntry(action)) }
        return try await putIfNew(try actionItem(action))
    }

    public func update(_ action: RemediationAction) async throws {
        try await put(try actionItem(action))
        try await put(try pendingEntry(action))
    }

    /// `PENDING#id` in gsi1's `PENDING_ACTIONS` partition while the action is pending; out of
    /// every index (and expiring) once it is not. Verification reads this sparse partition.
    private func pendingEntry(_ action: RemediationAction) throws -> DynamoDBItem {
        var entry: DynamoDBItem = [
            "pk": .s("PENDING#\(action.id)"), "sk": .s("META"), "actkey": .s("ACTKEY#\(action.idempotencyKey)"),
        ]
        if action.status == .pending {
            entry["gsi1pk"] = .s(StoreKeys.pendingActions)
            entry["gsi1sk"] = .s(try StoreKeys.ordered(action.at, action.id))
        } else {
            entry[StoreKeys.ttl] = .number(Int(Date().addingTimeInterval(retention).timeIntervalSince1970))
        }
        return entry
    }

    /// The pending partition from `since` on, each entry checked against its action (an entry
    /// left by a failed claim or an interrupted update is dropped and repaired).
    public func pendingActions(since: Date, limit: Int) async throws -> [RemediationAction] {
        guard limit > 0 else { return [] }
        let entries = try await newest(
            ("gsi1", StoreKeys.pendingActions), since: since, limit: 10_000, keep: { _ in true })
        var found: [RemediationAction] = []
        for entry in entries {
            guard let key = entry["actkey"]?.string, let pk = entry["pk"]?.string else { continue }
            let action = try await get(key, "META").map { item throws(AIOpsError) in
                try StoreKeys.decode(RemediationAction.self, item)
            }
            guard let action, action.status == .pending, "PENDING#\(action.id)" == pk else {
                let expiry = Int(Date().addingTimeInterval(retention).timeIntervalSince1970)
                try await put(["pk": .s(pk), "sk": .s("META"), StoreKeys.ttl: .number(expiry)])
                continue
            }
            if action.at >= since { found.append(action) }
            if found.count == limit { break }
        }
        return found
    }

    private func actionItem(_ action: RemediationAction) throws -> DynamoDBItem {
        let order = try StoreKeys.ordered(action.at, action.id)
        return [
            "pk": .s("ACTKEY#\(action.idempotencyKey)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(action)),
            "gsi1pk": .s(StoreKeys.actions), "gsi1sk": .s(order),
            "gsi2pk": .s("ACTINC#\(action.incidentID)"), "gsi2sk": .s(order),
        ]
    }

    /// One incident's actions come from its own index partition; other lists read the time range
    /// from `since` on, newest first, and stop at `limit`: neither grows with history.
    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        guard limit > 0 else { return [] }
        let items = try await newest(
            incidentID.map { ("gsi2", "ACTINC#\($0)") } ?? ("gsi1", StoreKeys.actions), since: since, limit: limit
        ) { item throws(AIOpsError) in
            let action = try StoreKeys.decode(RemediationAction.self, item)
            return (instanceID == nil || action.instanceID == instanceID) && (since.map { action.at >= $0 } ?? true)
        }
        return try items.map { item throws(AIOpsError) in try StoreKeys.decode(RemediationAction.self, item) }
    }

    // MARK: Audit trail, handled events, checkpoints

    public func append(_ record: AuditRecord) async throws {
        let order = try StoreKeys.ordered(record.at, record.id)
        var item: DynamoDBItem = [
            "pk": .s("AUDIT#\(record.id)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(record)),
            "gsi1pk": .s(StoreKeys.audit), "gsi1sk": .s(order),
        ]
        if let incidentID = record.incidentID {
            item["gsi2pk"] = .s("AUDINC#\(incidentID)")
            item["gsi2sk"] = .s(order)
        }
        _ = try await putIfNew(item)
    }

    public func audit(incidentID: String?, limit: Int) async throws -> [AuditRecord] {
        guard limit > 0 else { return [] }
        let items = try await newest(
            incidentID.map { ("gsi2", "AUDINC#\($0)") } ?? ("gsi1", StoreKeys.audit), since: nil, limit: limit
        ) { _ in true }
        return try items.map { item throws(AIOpsError) in try StoreKeys.decode(AuditRecord.self, item) }
    }

    public func markHandled(eventID: String, at: Date) async throws -> Bool {
        try await putIfNew([
            "pk": .s("EVENT#\(eventID)"), "sk": .s("META"), "handledAt": .s(StoreKeys.exact(at)),
            StoreKeys.ttl: .number(Int(at.addingTimeInterval(retention).timeIntervalSince1970)),
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

    /// Up to `limit` items of an index partition that pass `keep`, newest first, from `since` on:
    /// read a page at a time, so a short list costs one small query whatever the history.
    private func newest(
        _ index: (name: String, partition: String), since: Date?, limit: Int,
        keep: (DynamoDBItem) throws(AIOpsError) -> Bool
    ) async throws -> [DynamoDBItem] {
        var condition = "\(index.name)pk = :p"
        var values: DynamoDBItem = [":p": .s(index.partition)]
        if let since {
            condition += " AND \(index.name)sk >= :lo"
            values[":lo"] = .s(try StoreKeys.millis(since.addingTimeInterval(-0.001)))
        }
        var request = QueryInput(
            tableName: table, indexName: index.name, keyConditionExpression: condition,
            expressionAttributeValues: values, scanIndexForward: false, limit: min(max(limit + 1, 25), 500))
        var found: [DynamoDBItem] = []
        repeat {
            let page = try await wrap { try await dynamoDB.query(request) }
            for item in page.items where try keep(item) {
                found.append(item)
                if found.count == limit { return found }
            }
            request.exclusiveStartKey = page.lastEvaluatedKey
        } while request.exclusiveStartKey != nil
        return found
    }
}
