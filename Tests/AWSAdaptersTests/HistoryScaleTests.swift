import AIOpsCore
import AWSAdapters
import AWSClient
import AdapterComposition
import Foundation
import Logging
import Pipeline
import Synchronization
import TestSupport
import Testing

/// The DynamoDB reads of a detection cycle and of an incident page, on an empty table and on one
/// holding 50,000 historical records: what is read must follow what is open or asked for, not
/// history. Counted at the transport (every request the store sends, and the items DynamoDB
/// reports it read: `ScannedCount` for a query, the item of a `GetItem`), which sees exactly what
/// goes over the wire as a proxy would, with the response bodies at hand.
@Suite(.serialized) struct HistoryScaleTests {
    @Test func readsPerCycleAndPerPageDoNotGrowWithHistory() async throws {
        let moto = try AdapterMoto()
        let empty = try await Self.measure(moto, history: 0)
        let full = try await Self.measure(moto, history: 50_000)
        let figures = """
            DynamoDB reads (requests / items read), empty table vs 50,000 historical records:
              detection cycle: \(empty.cycle) vs \(full.cycle)
              incident page:   \(empty.page) vs \(full.page)
            """
        print(figures)
        // A small constant: the pages' own 50 newest incidents; nothing proportional to history.
        #expect(full.cycle.requests <= empty.cycle.requests + 2, "\(figures)")
        #expect(full.cycle.items <= empty.cycle.items + 10, "\(figures)")
        #expect(full.page.requests <= empty.page.requests + 2, "\(figures)")
        #expect(full.page.items <= empty.page.items + 60, "\(figures)")
    }

    struct Reads: CustomStringConvertible, Sendable {
        var requests = 0
        var items = 0
        var description: String { "\(requests) / \(items)" }
    }

    static func measure(_ moto: AdapterMoto, history: Int) async throws -> (cycle: Reads, page: Reads) {
        let table = AdapterMoto.unique("aiops-scale")
        let plain = DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: table)
        try await plain.createTableIfMissing()
        let now = Date()
        try await seed(history, into: table, executor: moto.executor, before: now.addingTimeInterval(-86_400))
        // What is live: one open incident with its anomaly, chart, action and audit trail.
        let live = StoreFixtures.incident("inc-live", openedAt: now.addingTimeInterval(-600))
        try await plain.save(live)
        try await plain.recordAnomaly(live.anomaly, incidentID: live.id)
        try await plain.appendSeries([StoreFixtures.point(0, value: 97, anomalous: true)], incidentID: live.id)
        _ = try await plain.claim(StoreFixtures.action("act-live", incident: live.id, at: now.addingTimeInterval(-300)))
        try await plain.append(StoreFixtures.audit("audit-live", incident: live.id, at: now.addingTimeInterval(-300)))

        let counter = CountingTransport(moto.executor.transport)
        let counted = AWSRequestExecutor(
            configuration: moto.executor.configuration, credentialProvider: moto.executor.credentialProvider,
            transport: counter, logger: moto.executor.logger)
        var settings = AgentSettings()
        settings.table = table
        settings.monitorTag = TagSelector(key: AdapterMoto.unique("aiops:scale"), value: "true")
        let assembly = AWSAgentAssembly(settings: settings, executor: counted, logger: Logger(label: "scale"))
        let pipeline = try await assembly.embeddedPipeline(detectors: try assembly.detectorProvider())
        _ = try await pipeline.agent.runCycle()
        let cycle = counter.take()

        // The dashboard's list page and one incident's page, as IncidentController reads them.
        let store = assembly.store
        _ = try await store.incidentSummaries(matching: IncidentFilter(), limit: 50, cursor: nil)
        _ = try await store.incident(id: live.id)
        _ = try await store.anomalies(incidentID: live.id)
        _ = try await store.series(incidentID: live.id)
        _ = try await store.actions(incidentID: live.id, instanceID: nil, since: nil, limit: 200)
        _ = try await store.audit(incidentID: live.id, limit: 200)
        return (cycle, counter.take())
    }

    /// Resolved incidents (without verdicts: the verdict index holds what people judged, read
    /// over the feedback horizon only), actions and audit records, a year old to a day old, in
    /// the store's item layout, by `BatchWriteItem`.
    static func seed(_ count: Int, into table: String, executor: AWSRequestExecutor, before end: Date) async throws {
        guard count > 0 else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        func json(_ value: some Encodable) throws -> AttributeValue {
            .s(String(decoding: try encoder.encode(value), as: UTF8.self))
        }
        func order(_ date: Date, _ id: String) -> String {
            let millis = String(Int64((date.timeIntervalSince1970 * 1000).rounded()))
            return String(repeating: "0", count: 15 - millis.count) + millis + "#" + id
        }
        var items: [DynamoDBItem] = []
        items.reserveCapacity(count)
        for n in 0..<count {
            let at = end.addingTimeInterval(-Double(n) * 600)
            switch n % 5 {
            case 0, 1:
                let incident = StoreFixtures.incident(
                    "inc-old-\(n)", instance: "i-0old\(n % 200)", openedAt: at, status: .resolved, findings: 1)
                let key = order(at, incident.id)
                items.append([
                    "pk": .s("INC#\(incident.id)"), "sk": .s("META"), "doc": try json(incident),
                    "gsi1pk": .s("INCIDENTS"), "gsi1sk": .s(key), "gsi2pk": .s("INST#\(incident.instanceID)"),
                    "gsi2sk": .s(key), "status": .s("resolved"), "severity": .s("critical"),
                    "metric": .s("CPUUtilization"),
                ])
            case 2, 3:
                // Verified long ago: a pending action is live work, which a cycle must read.
                let action = StoreFixtures.action(
                    "act-old-\(n)", incident: "inc-old-\(n - 2)", key: "k-\(n)", at: at,
                    status: n % 3 == 0 ? .failed : .succeeded)
                let key = order(at, action.id)
                items.append([
                    "pk": .s("ACTKEY#\(action.idempotencyKey)"), "sk": .s("META"), "doc": try json(action),
                    "gsi1pk": .s("ACTIONS"), "gsi1sk": .s(key), "gsi2pk": .s("ACTINC#\(action.incidentID)"),
                    "gsi2sk": .s(key),
                ])
            default:
                let record = StoreFixtures.audit("audit-old-\(n)", incident: "inc-old-\(n - 4)", at: at)
                let key = order(at, record.id)
                items.append([
                    "pk": .s("AUDIT#\(record.id)"), "sk": .s("META"), "doc": try json(record), "gsi1pk": .s("AUDIT"),
                    "gsi1sk": .s(key), "gsi2pk": .s("AUDINC#\(record.incidentID ?? "")"), "gsi2sk": .s(key),
                ])
            }
        }
        struct Put: Encodable {
            struct Request: Encodable {
                var Item: DynamoDBItem
            }
            var PutRequest: Request
        }
        struct Batch: Encodable {
            var RequestItems: [String: [Put]]
        }
        struct Reply: Decodable {
            var UnprocessedItems: [String: [AnyCodable]]?
        }
        struct AnyCodable: Decodable {}
        let batches = stride(from: 0, to: items.count, by: 25).map { Array(items[$0..<min($0 + 25, items.count)]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<4 {
                group.addTask {
                    for index in stride(from: lane, to: batches.count, by: 4) {
                        let batch = Batch(RequestItems: [table: batches[index].map { Put(PutRequest: .init(Item: $0)) }]
                        )
                        let reply = try await executor.json(.dynamoDB, "BatchWriteItem", batch, as: Reply.self)
                        let unprocessed: Int = reply.UnprocessedItems?[table]?.count ?? 0
                        #expect(unprocessed == 0)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// Counts the DynamoDB requests sent through it and the items DynamoDB says each one read.
final class CountingTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let reads = Mutex(HistoryScaleTests.Reads())

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        let response = try await inner.send(request, timeout: timeout)
        let target = request.headers.first { $0.name.lowercased() == "x-amz-target" }?.value ?? ""
        guard target.hasPrefix("DynamoDB_") else { return response }
        let document = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        let items = (document["ScannedCount"] as? Int) ?? (document["Item"] != nil ? 1 : 0)
        reads.withLock {
            $0.requests += 1
            $0.items += items
        }
        return response
    }

    /// The counts so far, starting again from zero.
    func take() -> HistoryScaleTests.Reads {
        reads.withLock { counts in
            defer { counts = HistoryScaleTests.Reads() }
            return counts
        }
    }
}
