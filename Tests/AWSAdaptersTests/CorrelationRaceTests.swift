import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import Logging
import Pipeline
import SQLiteStore
import TestSupport
import Testing

/// Analyses of three instances of one group at once, each in its own stage as separate functions
/// run them, their lists of open incidents blind to each other's writes (as when all read before
/// anyone writes, or DynamoDB's index lags): the lease per group key around find-or-create makes
/// them one incident, one page. Instances of no common group writing the same new error at once
/// (an untagged fleet, one failing dependency) do the same through the lease of the error's template.
@Suite struct CorrelationRaceTests {
    typealias Lines = BoundedPayloadMotoTests.Lines
    typealias ErrorLines = BoundedPayloadMotoTests.ErrorLines
    typealias NoMetrics = BoundedPayloadMotoTests.NoMetrics

    actor Alerts: EventPublisher {
        private(set) var sent: [CriticalAlert] = []
        func publish(_ event: AnomalyEvent) {}
        func publish(_ alert: CriticalAlert) { sent.append(alert) }
    }

    /// The group (`Role=web`), or no group at all: then only the shared new error template.
    static let tagSets: [[String: String]] = [["aiops:monitor": "true", "Role": "web"], ["aiops:monitor": "true"]]

    @Test(arguments: tagSets)
    func concurrentAnalysesOfOneProblemOpenOneIncidentOnSQLite(tags: [String: String]) async throws {
        let folder = try TemporaryDirectory("correlation-race")
        try await Self.race(try SQLiteIncidentStore(path: folder.file("aiops.sqlite").path), tags: tags)
    }

    /// One request at a time to moto (its conditional writes are not atomic; DynamoDB's are).
    @Test(arguments: tagSets)
    func concurrentAnalysesOfOneProblemOpenOneIncidentOnDynamoDB(tags: [String: String]) async throws {
        let moto = try Moto()
        let serialized = moto.executor.with(transport: OneAtATimeTransport(moto.executor.transport))
        let store = DynamoDBIncidentStore(
            dynamoDB: DynamoDBClient(executor: serialized), table: Moto.unique("aiops-race"))
        try await store.createTableIfMissing()
        try await Self.race(store, tags: tags)
    }

    static func race(_ base: some IncidentStore, tags: [String: String]) async throws {
        let store = StaleReadStore(base, stale: .incidentLists)
        let now = Date()
        let web = (1...3).map { Instance(id: "i-0race0000000000\($0)", name: "web-\($0)", tags: tags) }
        let alerts = Alerts()
        var configuration = AgentConfiguration()
        configuration.correlation = CorrelationPolicy()
        let stages = web.map { _ in
            AnalysisStage(
                configuration: configuration, store: store,
                logs: Lines(at: now.addingTimeInterval(-60), lines: ["ERROR pool exhausted"]), metrics: NoMetrics(),
                analyzer: ErrorLines(), alerts: alerts, clock: SystemClock(), logger: Logger(label: "test"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (stage, instance) in zip(stages, web) {
                group.addTask { _ = try await stage.handle(ChangeEvidenceMotoTests.event(instance, now: now)) }
            }
            try await group.waitForAll()
        }
        let incidents = try await base.incidents(matching: IncidentFilter(), limit: 10, cursor: nil).items
        #expect(incidents.count == 1, "\(incidents.map { ($0.instanceID, $0.correlation.members) })")
        #expect(Set(incidents.first?.memberIDs ?? []) == Set(web.map(\.id)))
        #expect(await alerts.sent.count == 1)
    }
}
