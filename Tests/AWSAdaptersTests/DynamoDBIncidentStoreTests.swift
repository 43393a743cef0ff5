import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// The shared incident-store checks, each on a fresh table in moto.
@Suite struct DynamoDBIncidentStoreTests {
    /// moto checks a condition and writes in two steps, so two concurrent conditional puts can
    /// both win there (DynamoDB makes them atomic). The checks run their requests one at a time,
    /// so that they test the store's use of conditions, not moto's races.
    @Test(arguments: IncidentStoreConformance.checks)
    func conforms(_ check: IncidentStoreConformance.Check) async throws {
        let moto = try Moto()
        let serialized = moto.executor.with(transport: OneAtATimeTransport(moto.executor.transport))
        try await check.run { _ in
            let store = DynamoDBIncidentStore(
                dynamoDB: DynamoDBClient(executor: serialized), table: Moto.unique("aiops-events"))
            try await store.createTableIfMissing()
            return store
        }
    }

    @Test func tableCreationIsIdempotentAndTurnsOnTTL() async throws {
        let moto = try Moto()
        let client = DynamoDBClient(executor: moto.executor)
        let table = Moto.unique("aiops-events")
        let store = DynamoDBIncidentStore(dynamoDB: client, table: table)
        try await store.createTableIfMissing()
        try await store.createTableIfMissing()
        #expect(
            try await client.describeTable(table).globalSecondaryIndexes?.map(\.indexName).sorted() == ["gsi1", "gsi2"])
        struct Input: Encodable { var TableName: String }
        struct Output: Decodable {
            struct Description: Decodable {
                var TimeToLiveStatus: String?
                var AttributeName: String?
            }
            var TimeToLiveDescription: Description
        }
        let ttl = try await moto.executor.json(
            .dynamoDB, "DescribeTimeToLive", Input(TableName: table), as: Output.self)
        // One name for both: the attribute Terraform declares is the one the store writes and enables.
        let terraform = try String(
            contentsOf: Paths.packageRoot.appendingPathComponent("infrastructure/table.tf"), encoding: .utf8)
        let declared = terraform.firstMatch(of: /attribute_name\s*=\s*"([^"]+)"/)?.1
        #expect(declared == "ttl")
        #expect(ttl.TimeToLiveDescription.AttributeName.map { Substring($0) } == declared)
        #expect(ttl.TimeToLiveDescription.TimeToLiveStatus == "ENABLED")
    }
}

/// Passes requests on one at a time (see `conforms`).
final class OneAtATimeTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let gate = Gate()

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        await gate.acquire()
        do {
            let response = try await inner.send(request, timeout: timeout)
            await gate.release()
            return response
        } catch {
            await gate.release()
            throw error
        }
    }

    /// An async mutex: an actor alone would let a second request in at the first one's `await`.
    actor Gate {
        private var busy = false
        private var waiting: [CheckedContinuation<Void, Never>] = []

        func acquire() async {
            guard busy else {
                busy = true
                return
            }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
    }
}
