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

/// Issue 16's criterion: a person approves a pending reboot on the dashboard, in a real browser,
/// and sees it run and verify on the simulated fleet. The embedded pipeline and the dashboard share
/// one store and the simulator's clock, which the test moves cycle by cycle.
@Suite("Approvals in Chromium", .serialized, .timeLimit(.minutes(5)))
struct ApprovalBrowserTests {
    static let start = Date(timeIntervalSince1970: 1_790_208_000 + 9 * 3600)

    @Test("a pending reboot is approved on the dashboard, runs on the simulator, and is verified")
    func approveOnTheDashboard() async throws { try await BrowserTurn.take { try await approveAlone() } }

    func approveAlone() async throws {
        let clock = VirtualClock(start: Self.start)
        let fleet = try SimulatedFleet(
            configuration: FleetConfiguration(seed: 7, instanceCount: 2, remediationOptOutFraction: 0), clock: clock)
        let web = try #require(try await fleet.monitoredInstances().first)
        let models = try await HistoryTrainer(
            parameters: .init(trees: 100, sampleSize: 256, seed: 7), contamination: .fraction(0.001)
        ).train(
            [web], metrics: [.cpuUtilization], from: fleet, start: Self.start.addingTimeInterval(-86_400),
            end: Self.start, period: 60)
        var policy = RemediationPolicy()
        policy.requireApproval = true
        policy.approvalTimeout = 2 * 3600
        let store = InMemoryIncidentStore()
        let pipeline = await EmbeddedPipeline.make(
            configuration: AgentConfiguration(
                metrics: [.cpuUtilization], period: 60, chartWindow: 3600, remediation: policy),
            ports: PipelinePorts(
                inventory: fleet, metrics: fleet, logs: fleet, controller: fleet, store: store, clock: clock),
            detectors: CatalogDetectorProvider.seed(models: models), analyzer: RootCauseAnalyzer(),
            notifier: QuietNotifier(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        try fleet.inject(.cpuRunaway, instanceID: web.id, at: Self.start.addingTimeInterval(20 * 60))
        try fleet.inject(.errorBurst, instanceID: web.id, at: Self.start.addingTimeInterval(20 * 60))

        // Cycles until the reboot waits for a person.
        var approval: Approval?
        while approval == nil, clock.now() < Self.start.addingTimeInterval(2 * 3600) {
            clock.advance(by: 300)
            try await pipeline.agent.runCycle()
            approval = await store.pendingApprovals(limit: 1).first
        }
        let pending = try #require(approval, "no approval was asked for")
        #expect(pending.instance.id == web.id)
        #expect(fleet.controllerCalls(instanceID: web.id).isEmpty, "nothing runs before the approval")

        var dependencies = DashboardDependencies(
            store: store, metrics: SnapshotMetricSource(store: store), clock: clock, token: nil,
            resources: try DashboardResources.locate())
        dependencies.approvals = pipeline.remediation.engine
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
                #expect(row.contains("reboot of \(web.name) (\(web.id))") && row.contains("pending"), "\(row)")
                _ = try await page.evaluate(
                    "document.getElementById('approver').value = 'alice';"
                        + "document.querySelector('#approvals .approval-approve').click(); true")
                #expect(
                    try await page.waitUntil(
                        "document.getElementById('status-line').textContent.startsWith('approved: reboot of')"))
                #expect(try await page.waitUntil("document.querySelectorAll('#approvals tr').length === 0"))
            }
            #expect(fleet.controllerCalls(instanceID: web.id).count == 1, "the approved reboot ran once")

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
                        "document.getElementById('timeline').textContent.includes('reboot — succeeded')"))
                let timeline = try await page.evaluate("document.getElementById('timeline').textContent") as? String
                #expect(timeline?.contains("approved by dashboard:alice") == true, "\(timeline ?? "")")
                #expect(timeline?.contains("verified:") == true, "\(timeline ?? "")")
            }
        }
        let action = await store.actions(incidentID: pending.incidentID, instanceID: nil, since: nil, limit: 1).first
        #expect(action?.status == .succeeded)
    }
}

private struct QuietNotifier: Notifier {
    func notify(_ alert: CriticalAlert) async throws {}
}
