import AIOpsCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Notifications
import Remediation
import TestSupport
import Testing

@testable import Dashboard

/// `/api/v1/approvals` and Slack's buttons, answered by a real `RemediationEngine` over the
/// fixture's store: who answered, through which surface, once.
@Suite("Approvals API")
struct ApprovalAPITests {
    static let instance = Instance(
        id: "i-0aaaaaaaaaaaaaaa1", name: "web-1", tags: ["aiops:monitor": "true", "aiops:remediate": "true"])

    /// A fixture whose store holds a critical incident on `instance` whose reboot awaits approval.
    static func asked(_ incidentID: String = "inc-approve") async throws -> (DashboardFixture, RebootRecorder, Approval)
    {
        var fixture = DashboardFixture()
        let controller = RebootRecorder()
        var policy = RemediationPolicy()
        policy.requireApproval = true
        let engine = RemediationEngine(
            policy: policy, store: fixture.store, controller: controller, inventory: nil, probe: NoProbe(),
            escalations: NoNotifier(), clock: fixture.clock)
        fixture.approvals = engine
        let now = fixture.clock.now()
        let incident = Incident(
            id: incidentID, instanceID: instance.id, instanceName: instance.name, metric: .cpuUtilization,
            openedAt: now, updatedAt: now, status: .open, severity: .critical, summary: "CPU 97% <b>on</b> web-1",
            anomaly: Anomaly(
                instanceID: instance.id, metric: .cpuUtilization, timestamp: now, value: 97, score: 0.9,
                threshold: 0.6, expected: 20...45, detector: "test"),
            peakScore: 0.9, anomalyCount: 1, findings: [])
        await fixture.store.save(incident)
        let outcome = try await engine.handle(
            CriticalAlert(alertID: "alert-1", incident: incident, instance: instance, raisedAt: now))
        try #require(outcome.decision == .awaitApproval(.reboot))
        let approval = try #require(await fixture.store.approval(id: Approval.id(incidentID: incidentID)))
        return (fixture, controller, approval)
    }

    @Test("a pending approval is listed, approved once (audited with who and how), and a second answer is a 409")
    func approveOnce() async throws {
        let (fixture, controller, approval) = try await Self.asked()
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/approvals", method: .get, headers: fixture.authorized) { response in
                #expect(response.status == .ok)
                let items = try response.decode(API.List<API.Approval>.self).items
                #expect(items.map(\.id) == [approval.id])
                #expect(items.first?.state == "pending" && items.first?.kind == "reboot")
                #expect(items.first?.reason == "CPU 97% <b>on</b> web-1")
            }
            try await client.execute(
                uri: "/api/v1/approvals/\(approval.id)/approve", method: .post, headers: fixture.jsonHeaders,
                body: ByteBuffer(string: #"{"by":"alice","via":"dashboard"}"#)
            ) { response in
                #expect(response.status == .ok)
                let answer = try response.decode(API.ApprovalAnswer.self)
                #expect(answer.outcome == "executed")
                #expect(answer.action?.status == "pending")
                #expect(answer.approval.decidedBy == "alice" && answer.approval.decidedVia == "dashboard")
            }
            try await client.execute(
                uri: "/api/v1/approvals/\(approval.id)/reject", method: .post, headers: fixture.authorized
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.errorCode == "already_decided")
            }
            try await client.execute(
                uri: "/api/v1/approvals?incident=inc-approve", method: .get, headers: fixture.authorized
            ) { response in
                let states = try response.decode(API.List<API.Approval>.self).items.map(\.state)
                #expect(states == ["approved"])
            }
            try await client.execute(uri: "/api/v1/approvals", method: .get, headers: fixture.authorized) { response in
                let items = try response.decode(API.List<API.Approval>.self).items
                #expect(items.isEmpty)
            }
            try await client.execute(
                uri: "/api/v1/approvals/approval-none/approve", method: .post, headers: fixture.authorized
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/approvals/\(approval.id)/approve", method: .post) { response in
                #expect(response.status == .unauthorized)
            }
        }
        #expect(await controller.reboots == [Self.instance.id])
        let trail = await fixture.store.audit(incidentID: "inc-approve", limit: 20)
        #expect(trail.contains { $0.actor == "dashboard:alice" && $0.action == "approve" && $0.outcome == "approved" })
    }

    @Test("an approval after the incident resolved is a 409 that says so; a bad body is a 400")
    func afterResolution() async throws {
        let (fixture, controller, approval) = try await Self.asked()
        _ = try await fixture.store.update(incidentID: "inc-approve") { incident in
            incident.status = .resolved
            return true
        }
        try await fixture.application().test(.router) { client in
            for body in [#"{"by":""}"#, #"{"via":"email"}"#, "not json"] {
                try await client.execute(
                    uri: "/api/v1/approvals/\(approval.id)/approve", method: .post, headers: fixture.jsonHeaders,
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                }
            }
            try await client.execute(
                uri: "/api/v1/approvals/\(approval.id)/approve", method: .post, headers: fixture.authorized
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.errorCode == "incident_resolved")
                #expect(
                    (response.fields["error"] as? [String: Any])?["message"] as? String
                        == "incident inc-approve is resolved already: the approval does nothing")
            }
        }
        #expect(await controller.reboots.isEmpty)
    }

    @Test("a server without remediation lists approvals but refuses to answer, with a 503")
    func noDesk() async throws {
        let (asked, controller, approval) = try await Self.asked()
        var changed = asked
        changed.approvals = nil
        let fixture = changed
        try await fixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/approvals/\(approval.id)/approve", method: .post, headers: fixture.authorized
            ) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
        #expect(await controller.reboots.isEmpty)
    }

    @Test("without a token, an approval from another web page is refused")
    func crossOrigin() async throws {
        let (asked, controller, approval) = try await Self.asked()
        var changed = asked
        changed.token = nil
        let fixture = changed
        try await fixture.application().test(.router) { client in
            try await client.execute(
                uri: "/api/v1/approvals/\(approval.id)/approve", method: .post,
                headers: [.origin: "https://evil.example", .contentType: "application/json"],
                body: ByteBuffer(string: "{}")
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
        #expect(await controller.reboots.isEmpty)
        #expect(await fixture.store.approval(id: approval.id)?.state == .pending)
    }

    // MARK: Slack

    /// Slack's documented example ("Verifying requests from Slack"): this secret, timestamp and
    /// slash-command body give this signature.
    @Test("Slack's documented example signature verifies; changed, it does not")
    func slackExampleVector() throws {
        let verifier = SlackSignature(signingSecret: "8f742231b10e8888abcd99yyyzzz85a5")
        let body = Data(
            ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c").utf8)
        let expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        let at = Date(timeIntervalSince1970: 1_531_420_618)
        #expect(verifier.signature(timestamp: "1531420618", body: body) == expected)
        #expect(throws: Never.self) {
            try verifier.verify(timestamp: "1531420618", signature: expected, body: body, now: at)
        }
        #expect(throws: SlackSignature.Refusal.mismatch) {
            try verifier.verify(timestamp: "1531420618", signature: expected, body: body + Data("x".utf8), now: at)
        }
        #expect(throws: SlackSignature.Refusal.mismatch) {
            try verifier.verify(timestamp: "1531420619", signature: expected, body: body, now: at)
        }
        #expect(throws: SlackSignature.Refusal.stale(seconds: 301)) {
            try verifier.verify(
                timestamp: "1531420618", signature: expected, body: body, now: at.addingTimeInterval(301))
        }
        #expect(throws: SlackSignature.Refusal.missing) {
            try verifier.verify(timestamp: nil, signature: expected, body: body, now: at)
        }
    }

    /// A Slack `block_actions` request for `verdict` on `approvalID`, signed `at`.
    static func slackRequest(
        _ verdict: String, approvalID: String, at: Date, secret: String = DashboardFixture.slackSecret,
        responseURL: String? = nil
    )
        -> (HTTPFields, ByteBuffer)
    {
        let response = responseURL.map { #","response_url":"\#($0)""# } ?? ""
        let payload =
            #"{"type":"block_actions","user":{"id":"U2CERLKJA","username":"roadrunner"},"actions":[{"action_id":"\#(verdict)","value":"\#(approvalID)","type":"button"}]\#(response)}"#
        let body = "payload=" + payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let timestamp = String(Int(at.timeIntervalSince1970))
        let signature = SlackSignature(signingSecret: secret).signature(timestamp: timestamp, body: Data(body.utf8))
        let headers: HTTPFields = [
            .contentType: "application/x-www-form-urlencoded",
            SlackInteractionController.timestampField: timestamp, SlackInteractionController.signatureField: signature,
        ]
        return (headers, ByteBuffer(string: body))
    }

    @Test("Slack's Approve button, signed, approves as slack:<user>; unsigned, tampered or old, it is refused")
    func slackButtons() async throws {
        let (fixture, controller, approval) = try await Self.asked()
        let now = fixture.clock.now()
        try await fixture.application().test(.router) { client in
            for (headers, body) in [
                Self.slackRequest("approve", approvalID: approval.id, at: now, secret: "another-secret"),
                Self.slackRequest("approve", approvalID: approval.id, at: now.addingTimeInterval(-301)),
                (
                    HTTPFields([HTTPField(name: .contentType, value: "application/x-www-form-urlencoded")]),
                    ByteBuffer(string: "payload=%7B%7D")
                ),
            ] {
                try await client.execute(
                    uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: body
                ) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            // A body changed after signing.
            var (headers, _) = Self.slackRequest("reject", approvalID: approval.id, at: now)
            let (_, approveBody) = Self.slackRequest("approve", approvalID: approval.id, at: now)
            try await client.execute(
                uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: approveBody
            ) { response in
                #expect(response.status == .unauthorized)
            }
            #expect(await controller.reboots.isEmpty)

            (headers, _) = Self.slackRequest("approve", approvalID: approval.id, at: now)
            try await client.execute(
                uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: approveBody
            ) { response in
                #expect(response.status == .ok)
                #expect(
                    (response.fields["text"] as? String)?.hasPrefix("approved: reboot of \(Self.instance.id)") == true)
                #expect(response.fields["response_type"] as? String == "ephemeral")
            }
            // Pressed twice: said so, done once.
            try await client.execute(
                uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: approveBody
            ) { response in
                #expect(response.status == .ok)
                #expect((response.fields["text"] as? String)?.contains("already") == true)
            }
        }
        #expect(await controller.reboots == [Self.instance.id])
        let stored = await fixture.store.approval(id: approval.id)
        #expect(stored?.decidedBy == "roadrunner" && stored?.decidedVia == "slack")
        let trail = await fixture.store.audit(incidentID: "inc-approve", limit: 20)
        #expect(trail.contains { $0.actor == "slack:roadrunner" && $0.action == "approve" })
    }
}

extension ApprovalAPITests {
    /// Presses Approve from Slack with a `response_url` on `receiver`; the press approves whatever
    /// becomes of the message's update. Returns the controller that saw the reboots.
    static func approveFromSlack(receiver: LoopbackHTTPServer, allowsLoopback: Bool) async throws -> RebootRecorder {
        let (asked, controller, approval) = try await Self.asked()
        var fixture = asked
        fixture.slackResponder = SlackResponder(allowsLoopback: allowsLoopback, post: SlackChannel.responsePoster())
        let (headers, body) = Self.slackRequest(
            "approve", approvalID: approval.id, at: fixture.clock.now(),
            responseURL: "\(receiver.url)/actions/T1/42/token-x")
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: body) {
                #expect($0.status == .ok)
                #expect(($0.fields["text"] as? String)?.hasPrefix("approved: reboot of") == true)
            }
        }
        return controller
    }

    @Test("after a Slack answer, the original message is replaced with the outcome through its response_url")
    func slackResponseURL() async throws {
        let receiver = try LoopbackHTTPServer { _, _ in .text(200, "ok") }
        defer { receiver.stop() }
        _ = try await Self.approveFromSlack(receiver: receiver, allowsLoopback: true)
        let posted = receiver.requests
        #expect(posted.map(\.path) == ["/actions/T1/42/token-x"])
        let update = try #require(posted.first)
        #expect(update.method == "POST" && update.header("Content-Type") == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: update.body) as? [String: Any])
        #expect(json["replace_original"] as? Bool == true)
        let text = try #require(json["text"] as? String)
        #expect(
            text.hasPrefix("Approve pressed by roadrunner: approved: reboot of \(Self.instance.id) executed"), "\(text)"
        )
    }

    @Test("with AIOPS_SLACK_APPROVERS, a press by anyone else is refused and nothing runs; an approver's counts")
    func slackApprovers() async throws {
        let (asked, controller, approval) = try await Self.asked()
        var fixture = asked
        fixture.slackApprovers = ["U0SOMEONE"]
        let now = fixture.clock.now()
        let (headers, body) = Self.slackRequest("approve", approvalID: approval.id, at: now)
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: body) {
                #expect($0.status == .ok)
                #expect(($0.fields["text"] as? String)?.contains("U2CERLKJA is not one of them") == true)
            }
        }
        #expect(await controller.reboots.isEmpty)
        #expect(await fixture.store.approval(id: approval.id)?.state == .pending)

        fixture.slackApprovers = ["U0SOMEONE", "U2CERLKJA"]
        try await fixture.application().test(.router) { client in
            try await client.execute(uri: "/api/v1/slack/interactions", method: .post, headers: headers, body: body) {
                #expect(($0.fields["text"] as? String)?.hasPrefix("approved: reboot of") == true)
            }
        }
        #expect(await controller.reboots == [Self.instance.id])
    }

    @Test(
        "a response_url that is not https on hooks.slack.com is not posted to, and a failing one leaves the answer",
        arguments: [false, true])
    func slackResponseURLRefused(receiverFails: Bool) async throws {
        let receiver = try LoopbackHTTPServer { _, _ in .text(receiverFails ? 500 : 200, "no") }
        defer { receiver.stop() }
        // Loopback is allowed only where the test says so: here it is refused (the first case), or
        // allowed and failing (the second).
        let controller = try await Self.approveFromSlack(receiver: receiver, allowsLoopback: receiverFails)
        #expect(receiver.requests.count == (receiverFails ? 1 : 0))
        #expect(await controller.reboots == [Self.instance.id])
        let responder = SlackResponder(post: { _, _ in })
        for refused in [
            "http://hooks.slack.com/actions/T1/1/x", "https://hooks.slack.com.evil.example/actions/x",
            "https://example.com/actions/x", "https://user@hooks.slack.com/actions/x", "file:///etc/passwd",
            "\(receiver.url)/actions/x",
        ] {
            #expect(responder.acceptedURL(refused) == nil, "\(refused)")
        }
        #expect(responder.acceptedURL("https://hooks.slack.com/actions/T1/42/token-x") != nil)
    }
}

/// Records reboots; stop and start are not used here.
actor RebootRecorder: InstanceController {
    private(set) var reboots: [String] = []
    func reboot(instanceID: String) { reboots.append(instanceID) }
    func stop(instanceID: String) {}
    func start(instanceID: String) {}
}

private struct NoProbe: RecoveryProbe {
    func verify(action: RemediationAction, incident: Incident, now: Date) -> RecoveryVerdict {
        .recovered(evidence: "test")
    }
}

private struct NoNotifier: Notifier {
    func notify(_ alert: CriticalAlert) async throws {}
}
