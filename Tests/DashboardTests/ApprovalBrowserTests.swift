import AIOpsCore
import Composition
import Detection
import Foundation
import LogAnalysis
import Logging
import Pipeline
import Remediation
import Simulator
import TestSupport
import Testing

@testable import Dashboard

/// Issue 16's criterion: a person approves a pending service restart on the dashboard, in a real
/// browser, and sees it run once and verify on the simulated fleet; the Runbooks page then shows the
/// track record a shadow runbook earned on the same incident. The embedded pipeline and the dashboard
/// share one store and the simulator's clock, which the test moves cycle by cycle.
@Suite("Approvals in Chromium", .serialized, .timeLimit(.minutes(5)))
struct ApprovalBrowserTests {
    static let start = Date(timeIntervalSince1970: 1_790_208_000 + 9 * 3600)

    @Test("a pending restart is approved on the dashboard, runs once on the simulator, and is verified")
    func approveOnTheDashboard() async throws { try await BrowserTurn.take { try await approveAlone() } }

    func approveAlone() async throws {
        let clock = VirtualClock(start: Self.start)
        let fleet = try SimulatedFleet(
            configuration: FleetConfiguration(seed: 7, instanceCount: 2, remediationOptOutFraction: 0), clock: clock)
        // The quieter instance shows its error burst best (as the runbooks scenario picks it).
        let member = try #require(fleet.members.min { $0.loadLevel < $1.loadLevel })
        let web = try #require(try await fleet.monitoredInstances().first { $0.id == member.id })
        let unit = try #require(ServiceName(member.role.serviceUnit))
        let models = try await HistoryTrainer(
            parameters: .init(trees: 100, sampleSize: 256, seed: 7), contamination: .fraction(0.001)
        ).train(
            [web], metrics: [.cpuUtilization], from: fleet, start: Self.start.addingTimeInterval(-86_400),
            end: Self.start, period: 60)
        // The restart waits for a person; a reboot watches in shadow, earning its record.
        var policy = RemediationPolicy()
        policy.approvalTimeout = 2 * 3600
        policy.customRunbooks = [
            Runbook(
                name: "restart-\(member.role.rawValue)", signature: RunbookSignature(faultClasses: [.errorBurst]),
                action: .restartService, service: unit, mode: .approve),
            Runbook(
                name: "reboot-watch", signature: RunbookSignature(faultClasses: [.errorBurst]), action: .reboot,
                mode: .shadow, shadowSuccessesRequired: 3),
        ]
        let store = InMemoryIncidentStore()
        let pipeline = await EmbeddedPipeline.make(
            configuration: AgentConfiguration(
                metrics: [.cpuUtilization], period: 60, chartWindow: 3600, remediation: policy),
            ports: PipelinePorts(
                inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock),
            detectors: CatalogDetectorProvider.seed(models: models), analyzer: RootCauseAnalyzer(),
            notifier: QuietNotifier(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        // No end: only the restart ends it.
        try fleet.inject(.errorBurst, instanceID: web.id, at: Self.start.addingTimeInterval(20 * 60))

        // Cycles until the restart waits for a person.
        var approval: Approval?
        while approval == nil, clock.now() < Self.start.addingTimeInterval(2 * 3600) {
            clock.advance(by: 300)
            try await pipeline.agent.runCycle()
            approval = await store.pendingApprovals(limit: 1).first
        }
        let pending = try #require(approval, "no approval was asked for")
        #expect(pending.instance.id == web.id && pending.kind == .restartService)
        #expect(fleet.controllerCalls(instanceID: web.id).isEmpty, "nothing runs before the approval")

        var dependencies = DashboardDependencies(
            store: store, metrics: SnapshotMetricSource(store: store), clock: clock, token: nil,
            resources: try DashboardResources.locate())
        dependencies.approvals = pipeline.remediation.engine
        dependencies.runbooks = policy.runbooks
        let app = try buildApplication(
            dependencies, configuration: DashboardConfiguration(host: "127.0.0.1", port: 0))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let browser = try await Chromium()
            try await browser.withPage { page in
                try await page.send("Page.enable")
                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/approvals"])
                #expect(
                    try await page.waitUntil("document.querySelectorAll('#approvals .approval-approve').length === 1"))
                let row =
                    try await page.evaluate("document.querySelector('#approvals tr').textContent") as? String ?? ""
                #expect(row.contains("restart-service of \(web.name) (\(web.id))") && row.contains("pending"), "\(row)")
                _ = try await page.evaluate(
                    "document.getElementById('approver').value = 'alice';"
                        + "document.querySelector('#approvals .approval-approve').click(); true")
                let answered = try await page.waitUntil(
                    "document.getElementById('status-line').textContent.startsWith('approved: restart-service of')")
                let said = try await page.evaluate("document.getElementById('status-line').textContent") as? String
                #expect(answered, "\(said ?? "")")
                #expect(try await page.waitUntil("document.querySelectorAll('#approvals tr').length === 0"))
            }
            let calls = fleet.controllerCalls(instanceID: web.id)
            #expect(calls.map(\.kind) == [.restartService], "the approved restart ran once: \(calls)")

            // The verification window passes on the simulator's clock; the next cycles verify.
            let until = clock.now().addingTimeInterval(RemediationPolicy().verificationWindow + 600)
            while clock.now() < until {
                clock.advance(by: 300)
                try await pipeline.agent.runCycle()
            }
            try await browser.withPage { page in
                try await page.send("Page.enable")
                try await page.send(
                    "Page.navigate", ["url": "http://127.0.0.1:\(port)/incidents/\(pending.incidentID)"])
                #expect(try await page.waitUntil("!document.getElementById('approval-section').hidden"))
                let shown = try await page.evaluate("document.getElementById('approval').textContent") as? String
                #expect(shown?.contains("approved") == true && shown?.contains("by alice via dashboard") == true)
                #expect(
                    try await page.waitUntil(
                        "document.getElementById('timeline').textContent.includes('restart-service — succeeded')"))
                let timeline = try await page.evaluate("document.getElementById('timeline').textContent") as? String
                #expect(timeline?.contains("approved by dashboard:alice") == true, "\(timeline ?? "")")
                #expect(timeline?.contains("verified:") == true, "\(timeline ?? "")")
                // A person judges it: the shadow runbook's record counts the verdict.
                _ = try await page.evaluate("document.getElementById('true-positive').click(); true")
                #expect(
                    try await page.waitUntil(
                        "document.getElementById('facts').textContent.includes('true positive')"))

                try await page.send("Page.navigate", ["url": "http://127.0.0.1:\(port)/runbooks"])
                #expect(try await page.waitUntil("document.querySelectorAll('#runbooks tr').length === 2"))
                func cell(_ runbook: String, _ column: String) async throws -> String? {
                    try await page.evaluate(
                        "document.querySelector('#runbooks tr[data-name=\"\(runbook)\"] td.\(column)').textContent")
                        as? String
                }
                #expect(try await cell("reboot-watch", "would") == "1")
                #expect(try await cell("reboot-watch", "true-positive") == "1")
                #expect(try await cell("reboot-watch", "false-positive") == "0")
                #expect(try await cell("reboot-watch", "resolved-without") == "1")
                #expect(try await cell("restart-\(member.role.rawValue)", "would") == "0")
                let watch =
                    try await page.evaluate(
                        "document.querySelector('#runbooks tr[data-name=\"reboot-watch\"]').textContent")
                    as? String ?? ""
                #expect(watch.contains("shadow (1 of 3 judged shadow successes)"), "\(watch)")
                _ = try await BrowserTests.screenshot(page, "dashboard-runbooks.png")
            }
        }
        let action = await store.actions(incidentID: pending.incidentID, instanceID: nil, since: nil, limit: 5)
            .first { !ShadowRecord.isShadow($0) }
        #expect(action?.status == .succeeded && action?.kind == .restartService, "\(action?.reason ?? "")")
        #expect(await store.incident(id: pending.incidentID)?.status == .resolved)
        #expect(fleet.controllerCalls(instanceID: web.id).count == 1, "verification ran nothing more")
        let trail = await store.audit(incidentID: pending.incidentID, limit: 50)
        #expect(trail.contains { $0.actor == "dashboard:alice" && $0.action == "approve" && $0.outcome == "approved" })
        #expect(trail.contains { $0.action == "restart-service" && $0.outcome == "executed" })
    }
}

private struct QuietNotifier: Notifier {
    func notify(_ alert: CriticalAlert) async throws {}
}
