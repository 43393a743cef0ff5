public import AIOpsCore
public import AWSClient
public import Foundation

/// The incident store on DynamoDB: one table, two global indexes (see `StoreKeys` for the
/// layout), conditional writes for everything that must happen once.
public struct DynamoDBIncidentStore: IncidentStore {
    let dynamoDB: any DynamoDBAPI
    let table: String
    /// How long chart points and handled-event markers live before TTL removes them.
    let retention: TimeInterval

    public init(dynamoDB: any DynamoDBAPI, table: String, retention: TimeInterval = 90 * 86_400) {
        self.dynamoDB = dynamoDB
        self.table = table
        self.retention = retention
    }

    /// Creates the table, its indexes and TTL when the table is missing; leaves an existing one
    /// alone (idempotent, as `aiops aws-setup` needs).
    public func createTableIfMissing() async throws {
        do {
            _ = try await dynamoDB.describeTable(table)
            return
        } catch let error as AWSError where error.code == .resourceNotFound {}
        let strings = ["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"].map { AttributeDefinition($0, "S") }
        do {
            _ = try await dynamoDB.createTable(
                CreateTableInput(
                    tableName: table, attributeDefinitions: strings, keySchema: [.hash("pk"), .range("sk")],
                    globalSecondaryIndexes: [
                        GlobalSecondaryIndex(indexName: "gsi1", keySchema: [.hash("gsi1pk"), .range("gsi1sk")]),
                        GlobalSecondaryIndex(indexName: "gsi2", keySchema: [.hash("gsi2pk"), .range("gsi2sk")]),
                    ]))
        } catch let error as AWSError where error.code == .resourceInUse {
            // Created meanwhile by another process, or by our own first attempt when a retry
            // follows a timeout: either way the table is there; make sure TTL is on.
        }
        try await dynamoDB.updateTimeToLive(table: table, attribute: StoreKeys.ttl, enabled: true)
    }

    // MARK: Incidents

    public func save(_ incident: Incident) async throws {
        let item = try Self.item(incident)
        try await put(item)
        let order = try StoreKeys.ordered(incident.openedAt, incident.id)
        try await put(try Self.marker(incident, document: item["doc"] ?? .null, order: order, ttl: retention))
    }

    /// One conditional `PutItem` on the incident's item: DynamoDB compares the top-level `version`
    /// attribute (missing, on a new incident or one written before versions, counts as 0) and
    /// writes in one step. A retry after a lost reply finds its own write token and counts as won.
    public func saveIfUnchanged(_ incident: Incident) async throws -> Incident? {
        var stored = incident
        stored.version += 1
        var item = try Self.item(stored)
        let token = UUID().uuidString
        item["writeToken"] = .s(token)
        try DynamoDBItemSize.check(item)
        let condition = incident.version == 0 ? "attribute_not_exists(#v) OR #v = :v" : "#v = :v"
        do {
            try await dynamoDB.putItem(
                PutItemInput(
                    tableName: table, item: item, conditionExpression: condition,
                    expressionAttributeNames: ["#v": "version"],
                    expressionAttributeValues: [":v": .number(incident.version)]))
        } catch let error as AWSError where error.code == .conditionalCheckFailed {
            guard try await get("INC#\(incident.id)", "META")?["writeToken"]?.string == token else { return nil }
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
        // The index entry carries the version too, so that of two writers' entries the newer stays.
        var marker = try Self.marker(
            stored, document: item["doc"] ?? .null, order: try StoreKeys.ordered(stored.openedAt, stored.id),
            ttl: retention)
        marker["version"] = .number(stored.version)
        do {
            try await dynamoDB.putItem(
                PutItemInput(
                    tableName: table, item: marker, conditionExpression: "attribute_not_exists(#v) OR #v < :v",
                    expressionAttributeNames: ["#v": "version"],
                    expressionAttributeValues: [":v": .number(stored.version)]))
        } catch let error as AWSError where error.code == .conditionalCheckFailed {
            // A later write's entry is there already.
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
        return stored
    }

    /// The incident's own item: its document, its place in the indexes and, top level so that
    /// conditions and filters can read them, its status, severity, verdict and version.
    static func item(_ incident: Incident) throws -> DynamoDBItem {
        // Within the payload budget whatever a log line held (DynamoDB refuses items over 400 KB).
        let incident = incident.bounded()
        let order = try StoreKeys.ordered(incident.openedAt, incident.id)
        var item: DynamoDBItem = [
            "pk": .s("INC#\(incident.id)"), "sk": .s("META"), "doc": .s(try StoreKeys.json(incident)),
            "gsi1pk": .s(StoreKeys.incidents), "gsi1sk": .s(order), "gsi2pk": .s("INST#\(incident.instanceID)"),
            "gsi2sk": .s(order), "status": .s(incident.status.rawValue), "severity": .s(incident.severity.rawValue),
            "metric": .s(incident.metric.rawValue), "version": .number(incident.version),
        ]
        // A top-level attribute, so that queries can filter on it (detection reads false positives).
        if let verdict = incident.feedback?.verdict { item["verdict"] = .s(verdict.rawValue) }
        return item
    }

    /// The incident's entry in the sparse indexes that each cycle reads: `STATUS#open` /
    /// `STATUS#acknowledged` on gsi1 while unresolved, `VERDICT#<verdict>` on gsi2 while a person's
    /// verdict stands. An item outside both is in no index, so those reads grow with what is open
    /// or judged, never with history. Written after the incident: a crash between the two leaves
    /// the entry one save behind, which the next save of the incident repairs.
    static func marker(_ incident: Incident, document: AttributeValue, order: String, ttl: TimeInterval) throws
        -> DynamoDBItem
    {
        var marker: DynamoDBItem = ["pk": .s("INDEX#\(incident.id)"), "sk": .s("META")]
        if incident.status != .resolved {
            marker["gsi1pk"] = .s("STATUS#\(incident.status.rawValue)")
            marker["gsi1sk"] = .s(order)
        }
        if let verdict = incident.feedback?.verdict {
            marker["gsi2pk"] = .s("VERDICT#\(verdict.rawValue)")
            marker["gsi2sk"] = .s(order)
        }
        if marker.count > 2 {
            marker["doc"] = document
            marker["status"] = .s(incident.status.rawValue)
            marker["severity"] = .s(incident.severity.rawValue)
            if let verdict = incident.feedback?.verdict { marker["verdict"] = .s(verdict.rawValue) }
        } else {
            // In no index: kept only until TTL removes it (incidents themselves never expire).
            marker[StoreKeys.ttl] = .number(Int(Date().addingTimeInterval(ttl).timeIntervalSince1970))
        }
        return marker
    }

    public func incident(id: String) async throws -> Incident? {
        try await get("INC#\(id)", "META").map { item throws(AIOpsError) in try StoreKeys.decode(Incident.self, item) }
    }

    public func openIncident(instanceID: String, metric: MetricName?) async throws -> Incident? {
        var names = ["#st": "status"]
        var values: DynamoDBItem = [":p": .s("INST#\(instanceID)"), ":resolved": .s(IncidentStatus.resolved.rawValue)]
        var filter = "#st <> :resolved"
        if let metric {
            names["#m"] = "metric"
            values[":m"] = .s(metric.rawValue)
            filter += " AND #m = :m"
        }
        let items = try await query(
            QueryInput(
                tableName: table, indexName: "gsi2", keyConditionExpression: "gsi2pk = :p", filterExpression: filter,
                expressionAttributeNames: names, expressionAttributeValues: values, scanIndexForward: false),
            maxItems: 1)
        return try items.first.map { item throws(AIOpsError) in try StoreKeys.decode(Incident.self, item) }
    }

    public func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident> {
        guard limit > 0 else { throw AIOpsError(.invalidInput, "a page holds at least one incident, not \(limit)") }
        guard cursor.map({ $0.count <= 1024 }) ?? true else {
            throw AIOpsError(.invalidInput, "the cursor is not one this server issued")
        }
        let after = try cursor.map { text throws(AIOpsError) in try IncidentCursor(encoded: text) }
        // The key range: whole milliseconds around the filter's bounds (exact bounds are applied
        // to each incident below), and strictly after the cursor's position.
        let low =
            try filter.from.map { date throws(AIOpsError) in try StoreKeys.millis(date.addingTimeInterval(-0.001)) }
            ?? "0"
        var high =
            try filter.to.map { date throws(AIOpsError) in try StoreKeys.millis(date.addingTimeInterval(0.001)) + "~" }
            ?? "~"
        var skip: String?
        if let after {
            let position = try StoreKeys.ordered(after.openedAt, after.id)
            if position < high { high = position }
            skip = position
        }
        var names: [String: String] = [:]
        var values: DynamoDBItem = [":lo": .s(low), ":hi": .s(high)]
        var conditions: [String] = []
        if let status = filter.status {
            names["#st"] = "status"
            values[":st"] = .s(status.rawValue)
            conditions.append("#st = :st")
        }
        if let severity = filter.severity {
            names["#sv"] = "severity"
            values[":sv"] = .s(severity.rawValue)
            conditions.append("#sv = :sv")
        }
        if let feedback = filter.feedback {
            names["#vd"] = "verdict"
            values[":vd"] = .s(feedback.rawValue)
            conditions.append("#vd = :vd")
        }
        let (index, partition): (String, String) =
            if let instanceID = filter.instanceID {
                ("gsi2", "INST#\(instanceID)")
            } else if let status = filter.status, status != .resolved {
                ("gsi1", "STATUS#\(status.rawValue)")
            } else if let verdict = filter.feedback {
                ("gsi2", "VERDICT#\(verdict.rawValue)")
            } else {
                ("gsi1", StoreKeys.incidents)
            }
        values[":p"] = .s(partition)
        var request = QueryInput(
            tableName: table, indexName: index,
            keyConditionExpression: "\(index)pk = :p AND \(index)sk BETWEEN :lo AND :hi",
            filterExpression: conditions.isEmpty ? nil : conditions.joined(separator: " AND "),
            expressionAttributeNames: names.isEmpty ? nil : names, expressionAttributeValues: values,
            scanIndexForward: false, limit: max(limit + 1, 25))
        var found: [Incident] = []
        repeat {
            let page = try await wrap { try await dynamoDB.query(request) }
            for item in page.items where item["\(index)sk"]?.string != skip {
                let incident = try StoreKeys.decode(Incident.self, item)
                if filter.matches(incident) { found.append(incident) }
            }
            request.exclusiveStartKey = page.lastEvaluatedKey
        } while request.exclusiveStartKey != nil && found.count <= limit
        let items = Array(found.prefix(limit))
        let more = found.count > limit
        return Page(items: items, nextCursor: more ? items.last.map { IncidentCursor(incident: $0).encoded } : nil)
    }

    // MARK: Plumbing

    func put(_ item: DynamoDBItem, onlyIfNew: Bool = false) async throws {
        try DynamoDBItemSize.check(item)
        try await wrap {
            try await dynamoDB.putItem(
                PutItemInput(
                    tableName: table, item: item, conditionExpression: onlyIfNew ? "attribute_not_exists(pk)" : nil))
        }
    }

    /// Puts `item` unless its key exists; true when it was written.
    ///
    /// The item carries a token of this call: when an attempt's write reached DynamoDB but its
    /// reply was lost (a dropped connection, a timeout), the retry fails the condition on our own
    /// item, and the token tells it apart from an earlier writer's. Without it a lost reply would
    /// turn a claimed action into "claimed by someone else", and the reboot would never happen.
    func putIfNew(_ item: DynamoDBItem) async throws -> Bool {
        var item = item
        let token = UUID().uuidString
        item["writeToken"] = .s(token)
        try DynamoDBItemSize.check(item)
        do {
            try await dynamoDB.putItem(
                PutItemInput(tableName: table, item: item, conditionExpression: "attribute_not_exists(pk)"))
            return true
        } catch let error as AWSError where error.code == .conditionalCheckFailed {
            guard let pk = item["pk"]?.string, let sk = item["sk"]?.string else { return false }
            return try await get(pk, sk)?["writeToken"]?.string == token
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
    }

    func get(_ pk: String, _ sk: String) async throws -> DynamoDBItem? {
        try await wrap {
            try await dynamoDB.getItem(table: table, key: ["pk": .s(pk), "sk": .s(sk)], consistentRead: true)
        }
    }

    func query(_ input: QueryInput, maxItems: Int = .max) async throws -> [DynamoDBItem] {
        try await wrap { try await dynamoDB.queryAll(input, maxItems: maxItems) }
    }

    /// Runs a DynamoDB call, turning its failures into the store's error.
    func wrap<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as AWSError {
            throw Self.storeError(error)
        }
    }

    static func storeError(_ error: AWSError) -> AIOpsError {
        AIOpsError(
            error.code == .resourceNotFound ? .notFound : .unavailable, "the DynamoDB incident store failed: \(error)",
            underlying: error)
    }
}
