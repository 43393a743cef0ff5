import AIOpsCore
import AWSAdapters
import AWSClient
import AdapterComposition
import Foundation
import TestSupport
import Testing

/// The agent between moto and a proxy that throttles, fails, stalls and drops: the cycle still
/// completes, nothing is lost and nothing is done twice.
@Suite struct FaultInjectionTests {
    /// Faults per operation: the n-th distinct request → what its successive attempts get.
    static let plan: FaultProxy.Plan = [
        "DescribeInstances": [1: [.throttle, .dropBeforeForwarding]],
        "GetMetricData": [1: [.serverError(500), .slow], 2: [.throttle]],
        "DescribeLogStreams": [1: [.dropBeforeForwarding], 2: [.throttle]],
        "FilterLogEvents": [1: [.serverError(503)], 2: [.dropAfterForwarding]],
        "CreateTopic": [1: [.serverError(503)]],
        "Publish": [1: [.throttle], 2: [.dropAfterForwarding], 3: [.serverError(500)], 4: [.dropBeforeForwarding]],
        // Every conditional write (claims, handled events, audit records) loses its first reply.
        "PutItem/conditional": Dictionary(uniqueKeysWithValues: (1...80).map { ($0, [.dropAfterForwarding]) }),
        "PutItem": [1: [.throttle], 2: [.dropAfterForwarding], 3: [.serverError(500)], 4: [.slow]],
        "Query": [1: [.throttle], 2: [.slow], 3: [.dropAfterForwarding]],
        "GetItem": [1: [.serverError(500)], 2: [.throttle]],
        "RebootInstances": [1: [.throttle, .dropBeforeForwarding, .serverError(503)]],
    ]

    /// Generous limits for a loaded 2-core machine: a slow reply costs one timeout, and a call
    /// may need several attempts.
    static let tolerances = ["AIOPS_AWS_TIMEOUT_SECONDS": "8", "AWS_MAX_ATTEMPTS": "8"]

    @Test func aWholeCycleThroughFaultsCompletesAndActsOnce() async throws {
        let scenario = try await AgentScenario.seed()
        let moto = try MotoServer.shared()
        let setup = try Subprocess.aiops(
            ["aws-setup"], environment: scenario.environment(endpoint: moto.url), timeout: 120)
        try #require(setup.status == 0, "\(setup.stderr)")
        let proxy = try FaultProxy(upstream: moto.url, plan: Self.plan)
        defer { proxy.stop() }

        let cycle = try Subprocess.aiops(
            ["detect", "--once"], environment: scenario.environment(endpoint: proxy.url, extra: Self.tolerances),
            timeout: 600)
        try #require(cycle.status == 0, "\(cycle.stderr)")
        let figures = try JSONSerialization.jsonObject(with: Data(cycle.stdout.utf8)) as? [String: Any]
        #expect(figures?["instances"] as? Int == 3, "\(cycle.stdout)")
        #expect(figures?["anomalies"] as? Int == 2, "\(cycle.stdout)")
        #expect(figures?["deliveryFailures"] as? Int == 0, "\(cycle.stdout)")
        try await scenario.expectOneCompleteCycle(stderr: cycle.stderr, redelivered: true)

        // Every kind of fault was met, and the reboot went through all three of its own.
        let kinds = Set(proxy.injected.map { "\($0.fault)" })
        #expect(kinds == ["throttle", "500", "503", "slow", "drop-before", "drop-after"], "\(kinds)")
        #expect(proxy.injected.filter { $0.operation == "RebootInstances" }.count == 3)
        #expect(proxy.injected.filter { $0.operation == "PutItem/conditional" }.count >= 4)
        #expect(proxy.forwarded["RebootInstances"] == 1, "\(proxy.forwarded)")
    }

    @Test func aClaimWhoseReplyIsLostIsStillOurs() async throws {
        let (store, proxy) = try await Self.storeBehindProxy(
            table: "aiops-claims",
            plan: ["PutItem/conditional": [1: [.dropAfterForwarding], 2: [.dropAfterForwarding]]])
        defer { proxy.stop() }

        let action = RemediationAction(
            id: "act-1", incidentID: "inc-1", instanceID: "i-0abc", kind: .reboot, status: .pending, at: Date(),
            reason: "test", idempotencyKey: "inc-1#reboot")
        #expect(try await store.claim(action), "the first attempt wrote it; the retry must see it is ours")
        #expect(try await store.markHandled(eventID: "evt-1", at: Date()))
        #expect(proxy.injected.count == 2)
        // A second claim of the same key (another process, a redelivered alert) is refused.
        #expect(try await !store.claim(action))
        #expect(try await !store.markHandled(eventID: "evt-1", at: Date()))
        #expect(try await store.actions(incidentID: "inc-1", instanceID: nil, since: nil, limit: 10).count == 1)
    }

    /// A versioned incident write whose reply is lost: the retry fails its own condition, and the
    /// write token tells it the write was its own, not a concurrent writer's.
    @Test func anIncidentWriteWhoseReplyIsLostIsStillOurs() async throws {
        let (store, proxy) = try await Self.storeBehindProxy(
            table: "aiops-versions",
            plan: ["PutItem/conditional": [1: [.dropAfterForwarding], 3: [.dropAfterForwarding]]])
        defer { proxy.stop() }

        let incident = StoreFixtures.incident("inc-lost-reply", status: .open)
        let created = try #require(try await store.saveIfUnchanged(incident), "the create is ours")
        #expect(created.version == 1)
        var acknowledged = created
        acknowledged.status = .acknowledged
        let written = try #require(try await store.saveIfUnchanged(acknowledged), "the update is ours")
        #expect(written.version == 2)
        #expect(proxy.injected.count == 2)
        // The copies read before are refused, and the stored incident is the acknowledged one.
        #expect(try await store.saveIfUnchanged(incident) == nil)
        #expect(try await store.saveIfUnchanged(created) == nil)
        #expect(try await store.incident(id: incident.id) == written)
    }

    /// A store on a new table of moto's, its requests through a proxy injecting `plan`'s faults
    /// (the caller stops the proxy).
    static func storeBehindProxy(table prefix: String, plan: FaultProxy.Plan) async throws
        -> (DynamoDBIncidentStore, FaultProxy)
    {
        let moto = try MotoServer.shared()
        let table = AdapterMoto.unique(prefix)
        let direct = try AdapterMoto()
        var settings = AgentSettings()
        settings.table = table
        _ = try await AWSSetup.ensure(
            settings, sns: SNSClient(executor: direct.executor), dynamoDB: DynamoDBClient(executor: direct.executor))
        let proxy = try FaultProxy(upstream: moto.url, plan: plan)
        var environment = moto.environment
        environment["AWS_ENDPOINT_URL"] = proxy.url.absoluteString
        environment["AIOPS_AWS_TIMEOUT_SECONDS"] = "60"
        let store = DynamoDBIncidentStore(
            dynamoDB: DynamoDBClient(executor: try AWSRequestExecutor.fromEnvironment(environment)), table: table)
        return (store, proxy)
    }
}
