import Foundation
import TestSupport
import Testing

/// `aiops demo --scenario fleet` (issue #15): faults that hit many instances page once each, a
/// flapping series stays one incident, nothing in the maintenance window pages or acts. For several
/// seeds, from the report a person would read.
@Suite struct FleetScenarioTests {
    @Test(arguments: [7, 11, 42] as [UInt64])
    func theFleetScenarioPagesOncePerProblem(seed: UInt64) throws {
        let folder = try TemporaryDirectory("fleet-\(seed)")
        let file = folder.file("r.json")
        let result = try Subprocess.aiops(
            ["demo", "--scenario", "fleet", "--no-server", "--seed", "\(seed)", "--report", file.path], timeout: 900)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try DemoReportFile.read(file)
        let noise = try #require(report.noise)
        print(
            "seed \(seed): compression \(noise.compression), flapping \(noise.flapping_notifications_per_hour)/h, "
                + "maintenance \(noise.maintenance)")
        for fault in noise.faults { print("seed \(seed): \(fault)") }

        // Every fault but the maintenance window's paged exactly once, and nothing else paged.
        for fault in noise.faults where fault.name != "maintenance" {
            #expect(fault.anomalies > 0, "seed \(seed): \(fault.name) was not detected")
            #expect(fault.pages == 1, "seed \(seed): \(fault.name) paged \(fault.pages) times")
        }
        #expect(report.notifications.count == noise.faults.map(\.pages).reduce(0, +))
        #expect(noise.compression >= 0.9, "seed \(seed): compression \(noise.compression)")
        #expect(noise.flapping_notifications_per_hour <= 2)

        // The release: one incident of several web instances, the change first, escalated, no reboot.
        let release = try #require(report.incidents.first { $0.findings.first?.kind == "change" })
        #expect(release.members.count >= 2)
        #expect(release.summary.contains("release 2.4.1 reached"))
        // Escalated after the change, or (an opener without the remediation tag) alert only.
        #expect(!release.actions.isEmpty)
        #expect(
            release.actions.allSatisfy {
                $0.status == "skipped"
                    && ($0.reason.contains("a reboot does not undo a change")
                        || $0.reason.contains("does not carry the remediation tag"))
            })

        // The database failure: its clients' incident names the database as the likely origin.
        let db = try #require(report.instances.first { $0.tags["Role"] == "db" })
        #expect(report.incidents.contains { $0.origin == db.id && $0.members.count >= 3 })

        // The flapping series stays one incident that shows its flaps.
        #expect(report.incidents.contains { $0.flaps >= 1 })

        // The maintenance window: the worker with a CPU runaway, from 400 to 440 minutes.
        let workers = Set(report.instances.filter { $0.tags["Role"] == "worker" }.map(\.id))
        let patched = try #require(report.faults.first { $0.kind == "cpu_runaway" && workers.contains($0.instance_id) })
        let window = DateInterval(
            start: report.start.addingTimeInterval(400 * 60), end: report.start.addingTimeInterval(440 * 60))
        #expect(noise.maintenance.anomalies > 0, "seed \(seed): the maintenance fault was not even detected")
        #expect(noise.maintenance.pages == 0 && noise.maintenance.actions == 0)
        let inWindow = report.incidents.filter {
            $0.instance_id == patched.instance_id && window.contains($0.opened_at)
        }
        #expect(!inWindow.isEmpty)
        let paged = Set(report.notifications.map(\.incident_id))
        #expect(inWindow.allSatisfy { !paged.contains($0.id) && $0.actions.allSatisfy { $0.status == "skipped" } })
    }
}
