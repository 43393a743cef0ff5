import AIOpsCore
import AWSAdapters
import AWSClient
import AWSTestSupport
import Foundation
import TestSupport
import Testing

/// A fleet-wide fault as the serverless deployment meets it: every watched instance spikes at once,
/// their anomalies and alerts reach several function instances at the same time, and SNS delivers
/// each of them twice. The guards are the store's conditional writes, so whatever the interleaving:
/// one incident and one critical alert per instance, at most the fleet cap of reboots, none twice.
///
/// Part of `ServerlessChainTests` (as `ColdStartTests` is) so that they never run at once: each
/// blocks a thread of the cooperative pool while its functions answer, and a 2-core machine's pool
/// starves with two at a time.
extension ServerlessChainTests {
    static let stormFunctions = 4

    @Test func fleetWideFaultOnFourFunctionInstancesWithEveryEventTwice() async throws {
        let moto = try Moto(ownServer: true)
        let world = try await StormWorld(moto: moto, instances: 12)

        // detector: one cycle finds the twelve anomalies.
        let scheduler = try RuntimeAPIServer()
        defer { scheduler.stop() }
        let detector = try BootstrapProcess(
            handler: "detector", runtimeAPI: scheduler.endpoint, environment: world.environment)
        defer { detector.stop() }
        let cycle = scheduler.invoke(ChainWorld.scheduledEvent)
        #expect(cycle?.body.contains(#""anomalies":12"#) == true, "\(cycle?.body ?? "")\n\(detector.output)")
        let anomalies = try await moto.receive(world.fleet.anomalyQueue, count: 12)
        try #require(anomalies.count == 12, "\(anomalies.count) anomalies published\n\(detector.output)")
        detector.stop()

        // rca on four function instances, each anomaly delivered twice at about the same moment.
        let (rcaAnswers, rcaOutputs) = try deliverTwice(
            anomalies, topicARN: world.fleet.topics.anomaly, handler: "rca", environment: world.environment, moto: moto)
        #expect(rcaAnswers.allSatisfy { $0.kind == .response }, "\(rcaAnswers.map(\.body))\n\(rcaOutputs)")

        let store = DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: moto.executor), table: world.fleet.table)
        let incidents = try await store.incidents(matching: IncidentFilter(), limit: 100, cursor: nil).items
        #expect(incidents.count == 12, "\(incidents.map { "\($0.instanceID) \($0.id)" })")
        #expect(Set(incidents.map(\.instanceID)) == Set(world.instanceIDs))
        #expect(incidents.allSatisfy { $0.severity == .critical }, "\(incidents.map(\.summary))\n\(rcaOutputs)")

        var alerts = try await moto.receive(world.criticalQueue, count: 12)
        try await Task.sleep(for: .seconds(2))
        alerts += try await moto.receive(world.criticalQueue)
        let alerted = try alerts.map {
            try EventCodec.decodeCriticalAlert(Data(try SNSNotification($0).message.utf8)).instance.id
        }
        #expect(alerted.count == 12, "\(alerted.count) critical alerts: \(alerted.sorted())")
        #expect(Set(alerted) == Set(world.instanceIDs), "\(alerted.sorted())")

        // remediation on four function instances, each alert delivered twice.
        let ec2 = try RecordingProxy(forwardingTo: moto.server.url)
        let (remediationAnswers, remediationOutputs) = try deliverTwice(
            alerts, topicARN: world.fleet.topics.critical, handler: "remediation",
            environment: world.environment.merging(["AWS_ENDPOINT_URL_EC2": ec2.url.absoluteString]) { $1 },
            moto: moto)
        #expect(
            remediationAnswers.allSatisfy { $0.kind == .response },
            "\(remediationAnswers.map(\.body))\n\(remediationOutputs)")

        let reboots = ec2.calls.filter { $0["Action"] == "RebootInstances" }.compactMap { $0["InstanceId.1"] }
        var trail: [AuditRecord] = []
        for incident in incidents { trail += try await store.audit(incidentID: incident.id, limit: 200) }
        let executed = trail.filter { $0.action == "reboot" && $0.outcome == "executed" }.compactMap(\.instanceID)
        let capped = trail.filter { $0.action == "skip" && $0.reason.contains("fleet cap reached") }
        let summary =
            "reboots \(reboots.count) (\(Set(reboots).count) instances), executed in audit \(executed.count), "
            + "skipped at the cap \(capped.count), incidents \(incidents.count), alerts \(alerted.count)"
        print("storm: \(summary)")
        #expect(reboots.count == 5, "\(summary)\n\(trail.map { "\($0.action) \($0.outcome) \($0.reason)" })")
        #expect(Set(reboots).count == reboots.count, "an instance was rebooted twice: \(reboots.sorted())")
        #expect(executed.sorted() == reboots.sorted(), "\(summary)")
        #expect(capped.count == 7, "\(summary)")
    }

    /// Starts `stormFunctions` `bootstrap` processes, each behind its own Runtime API, and hands each SNS
    /// notification to two of them (neighbours, so both copies are handled at about the same time);
    /// returns every answer (bounded wait) and the processes' output, for failure messages.
    private func deliverTwice(
        _ notifications: [String], topicARN: String, handler: String, environment: [String: String],
        moto: Moto
    ) throws -> ([RuntimeAPIServer.Posted], String) {
        // moto's DynamoDB checks a condition, then writes, without a lock: one request at a time
        // gives it DynamoDB's atomic conditional writes (see RecordingProxy).
        let dynamoDB = try RecordingProxy(forwardingTo: moto.server.url, oneAtATime: true)
        let runtimes = try (0..<Self.stormFunctions).map { _ in try RuntimeAPIServer() }
        defer { for runtime in runtimes { runtime.stop() } }
        let processes = try runtimes.map {
            try BootstrapProcess(
                handler: handler, runtimeAPI: $0.endpoint,
                environment: environment.merging(["AWS_ENDPOINT_URL_DYNAMODB": dynamoDB.url.absoluteString]) { $1 })
        }
        defer { for process in processes { process.stop() } }
        var expected: [Int: [String]] = [:]
        for (index, notification) in notifications.enumerated() {
            let event = Moto.snsEvent(notification, topicARN: topicARN)
            for copy in 0..<2 {
                let function = (index + copy) % Self.stormFunctions
                let id = UUID().uuidString.lowercased()
                runtimes[function].enqueue(event, id: id, deadlineIn: 900)
                expected[function, default: []].append(id)
            }
        }
        var answers: [RuntimeAPIServer.Posted] = []
        for (function, runtime) in runtimes.enumerated() {
            let ids = Set(expected[function] ?? [])
            let posted = runtime.wait(timeout: 600) { posted in
                let mine = posted.filter { ids.contains($0.requestID) }
                return mine.count == ids.count ? mine : nil
            }
            answers += posted ?? []
        }
        let outputs = processes.enumerated().map { "--- \(handler) \($0.offset)\n\($0.element.output)" }
        #expect(answers.count == notifications.count * 2, "answers missing")
        return (answers, outputs.joined(separator: "\n"))
    }
}

/// `instances` watched, opted-in instances on moto whose CPU spikes on the newest complete period
/// and whose logs turn to errors then; a fleet model, the table, both topics (read back through
/// SQS queues) and the functions' environment.
struct StormWorld {
    let instanceIDs: [String]
    let fleet: MotoFleet
    /// Subscribed to the critical-alert topic: the alerts the functions sent, read back.
    let criticalQueue: String
    let models: TemporaryDirectory
    let environment: [String: String]

    init(moto: Moto, instances: Int) async throws {
        let remediateTag = Moto.unique("aiops:remediate")
        let logGroup = Moto.unique("/aiops/target/application")
        fleet = try await MotoFleet(
            moto: moto, names: (0..<instances).map { "web-\($0)" }, tags: [remediateTag: "true"])
        criticalQueue = try await moto.queue(subscribedTo: fleet.topics.critical)
        let logs = CloudWatchLogsClient(executor: moto.executor)
        try await logs.createLogGroup(logGroup)
        models = try ChainWorld.trainModel()

        let spike = try await ChainWorld.newestCompletePeriod()
        for id in fleet.instanceIDs {
            try await moto.seedCPU(instanceID: id, points: MotoFleet.cpuHistory(spike: spike, peak: 97))
            let errors = stride(from: -240, through: 120, by: 20).map { second in
                InputLogEvent(
                    timestamp: Int64((spike.timeIntervalSince1970 + Double(second) + 0.5) * 1000),
                    message: "ERROR java.lang.OutOfMemoryError: Java heap space in worker \(second % 7 + 7)")
            }
            try await logs.createLogStream(group: logGroup, name: "\(id)/messages")
            try await logs.putLogEvents(group: logGroup, stream: "\(id)/messages", errors)
        }
        instanceIDs = fleet.instanceIDs

        environment = fleet.environment(
            moto,
            [
                "AIOPS_REMEDIATE_TAG": "\(remediateTag)=true", "AIOPS_LOG_GROUPS": logGroup,
                "AIOPS_MODEL_DIR": models.url.path, "AIOPS_DRY_RUN": "false",
            ])
    }
}
