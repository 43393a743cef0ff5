import AIOpsCore
import AWSClient
import Foundation
import Notifications
import SQLiteStore
import Synchronization
import TestSupport
import Testing

/// Retries, dead letters, the audit trail, once per channel, and PagerDuty following the incident.
@Suite struct DeliveryTests {
    static func pagerDutyEnvironment(_ receiver: Receiver) -> [String: String] {
        [
            "AIOPS_PAGERDUTY_ROUTING_KEY": PayloadSchemaTests.routingKey,
            "AIOPS_PAGERDUTY_EVENTS_URL": receiver.server.url.absoluteString + "/v2/enqueue",
        ]
    }

    @Test func pagerDutyAcknowledgeAndResolveFollowTheIncident() async throws {
        let world = try ChannelWorld()
        let pagerDuty = try Receiver { _, body in PayloadSchemaTests.pagerDutyProblem(body) }
        let notifier = try await world.notifier(Self.pagerDutyEnvironment(pagerDuty))
        let alert = try await world.alert()
        try await notifier.notify(alert)
        var incident = alert.incident
        incident.status = .acknowledged
        try await notifier.incidentChanged(incident, at: StoreFixtures.time(5))
        incident.status = .resolved
        try await notifier.incidentChanged(incident, at: StoreFixtures.time(9))
        // Told again (a re-delivered change): nothing more.
        try await notifier.incidentChanged(incident, at: StoreFixtures.time(9))
        #expect(pagerDuty.refusals == [])
        #expect(pagerDuty.bodies.map { $0["event_action"] as? String } == ["trigger", "acknowledge", "resolve"])
        #expect(Set(pagerDuty.bodies.map { $0["dedup_key"] as? String }) == [alert.incident.id])
    }

    @Test func aChangeGoesOnlyWhereTheOpeningWent() async throws {
        let world = try ChannelWorld()
        let pagerDuty = try Receiver { _, body in PayloadSchemaTests.pagerDutyProblem(body) }
        let notifier = try await world.notifier(Self.pagerDutyEnvironment(pagerDuty))
        var incident = StoreFixtures.incident("inc-never-paged")
        incident.status = .resolved
        try await notifier.incidentChanged(incident, at: StoreFixtures.time(9))
        #expect(pagerDuty.requests.isEmpty)
        // The question asked of the store took nothing: the incident can still be paged.
        try await notifier.notify(try await world.alert("inc-never-paged"))
        #expect(pagerDuty.bodies.map { $0["event_action"] as? String } == ["trigger"])
    }

    @Test func aFailingReceiverIsRetriedThenDeadLetteredAndAudited() async throws {
        let world = try ChannelWorld()
        let down = try LoopbackHTTPServerBox { _, index in
            index == 0 ? .text(503, "maintenance") : .text(500, "internal error")
        }
        let alert = try await world.alert()
        try await world.notifier(["AIOPS_SLACK_WEBHOOK_URL": down.url + "/services/T0/B0/secretsecret"]).notify(alert)
        #expect(down.server.requests.count == 3, "three attempts in all")
        let audit = try await world.audit(alert.incident.id)
        #expect(audit.filter { $0.outcome == "failed" }.count == 3)
        let dead = try #require(audit.first { $0.outcome == "dead-lettered" })
        #expect(dead.actor == "notify:slack")
        #expect(dead.reason.contains("gave up after 3 attempts"))
        #expect(dead.reason.contains("HTTP 500"))
        #expect(!audit.map(\.reason).joined().contains("secretsecret"), "a webhook's path is its secret")
        // Dead-lettered is final: a re-delivered alert does not start over.
        try await world.notifier(["AIOPS_SLACK_WEBHOOK_URL": down.url + "/services/T0/B0/secretsecret"]).notify(alert)
        #expect(down.server.requests.count == 3)
    }

    @Test func aClientErrorIsNotRetried() async throws {
        let world = try ChannelWorld()
        let refusing = try LoopbackHTTPServerBox { _, _ in .text(400, "invalid_payload") }
        let alert = try await world.alert()
        try await world.notifier(["AIOPS_SLACK_WEBHOOK_URL": refusing.url + "/x"]).notify(alert)
        #expect(refusing.server.requests.count == 1)
        let audit = try await world.audit(alert.incident.id)
        #expect(audit.contains { $0.outcome == "dead-lettered" && $0.reason.contains("invalid_payload") })
    }

    @Test func aRecoveredReceiverIsDeliveredAndAudited() async throws {
        let world = try ChannelWorld()
        let flaky = try LoopbackHTTPServerBox { _, index in index < 2 ? .drop : .text(200, "ok") }
        let alert = try await world.alert()
        try await world.notifier(["AIOPS_SLACK_WEBHOOK_URL": flaky.url + "/x"]).notify(alert)
        #expect(flaky.server.requests.count == 3)
        let audit = try await world.audit(alert.incident.id)
        #expect(audit.filter { $0.outcome == "failed" }.count == 2)
        #expect(audit.filter { $0.outcome == "delivered" }.count == 1)
    }

    @Test func oneIncidentNeverPagesTwiceOnAChannel() async throws {
        let world = try ChannelWorld()
        let pagerDuty = try Receiver { _, body in PayloadSchemaTests.pagerDutyProblem(body) }
        let alert = try await world.alert()
        // Two "processes" over the same store file, each told of the alert (SNS delivers at least
        // once), some at the same moment.
        let other = try SQLiteIncidentStore(path: world.directory.file("aiops.sqlite").path)
        let first = try await world.notifier(Self.pagerDutyEnvironment(pagerDuty))
        let second = try await ChannelNotifier.fromEnvironment(
            Self.pagerDutyEnvironment(pagerDuty), store: other, clock: SystemClock(), policy: ChannelWorld.quickPolicy,
            logger: world.logger, makeExecutor: { throw ChannelConfigurationError("no AWS") })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<6 {
                group.addTask { try await (round.isMultiple(of: 2) ? first : second!).notify(alert) }
            }
            try await group.waitForAll()
        }
        #expect(pagerDuty.requests.count == 1)
    }

    @Test func routingSendsPaymentsIncidentsToTheirChannel() async throws {
        let world = try ChannelWorld()
        let general = try Receiver(status: 200) { _, body in PayloadSchemaTests.slackProblem(body) }
        let payments = try Receiver(status: 200) { _, body in PayloadSchemaTests.slackProblem(body) }
        let file = try world.directory.write(
            "channels.json",
            """
            {"channels": [{"type": "slack", "name": "slack:payments", "url": "\(payments.url)"},
                          {"type": "slack", "name": "slack", "url": "http://127.0.0.1:9/overridden"}],
             "routes": [{"tags": {"Team": "payments"}, "severities": ["critical"], "channels": ["slack:payments"]}]}
            """)
        let notifier = try await world.notifier([
            "AIOPS_CHANNELS_FILE": file.path, "AIOPS_SLACK_WEBHOOK_URL": general.url,
        ])
        try await notifier.notify(try await world.alert(tags: ["Team": "payments"]))
        try await notifier.notify(try await world.alert(tags: ["Team": "search"]))
        #expect(general.requests.count == 2, "the environment's channel hears everything, at its URL")
        #expect(payments.requests.count == 1)
    }

    @Test func badSettingsGetAClearErrorWithoutTheSecret() async throws {
        let world = try ChannelWorld()
        let error = await #expect(throws: ChannelConfigurationError.self) {
            _ = try await world.notifier(["AIOPS_SLACK_WEBHOOK_URL": "not a url with secret-abc"])
        }
        #expect(error?.message.contains("AIOPS_SLACK_WEBHOOK_URL") == true)
        #expect(error?.message.contains("secret-abc") == false)
        let file = try world.directory.write("bad.json", #"{"routes": [{"channels": ["nowhere"]}]}"#)
        let routeError = await #expect(throws: ChannelConfigurationError.self) {
            _ = try await world.notifier(["AIOPS_CHANNELS_FILE": file.path, "AIOPS_WEBHOOK_URL": "http://127.0.0.1:9/"])
        }
        #expect(routeError?.message.contains("nowhere") == true)
        #expect(
            try await ChannelNotifier.fromEnvironment(
                [:], store: world.store, clock: SystemClock(), logger: world.logger,
                makeExecutor: { throw ChannelConfigurationError("no AWS") }) == nil)
    }
}

/// A plain loopback server with a scripted reply.
final class LoopbackHTTPServerBox: Sendable {
    let server: LoopbackHTTPServer
    init(_ reply: @escaping @Sendable (LoopbackHTTPServer.Request, Int) -> LoopbackHTTPServer.Reply) throws {
        server = try LoopbackHTTPServer(handler: reply)
    }
    var url: String { server.url.absoluteString }
    deinit { server.stop() }
}
