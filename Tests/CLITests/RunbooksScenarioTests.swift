import Foundation
import TestSupport
import Testing

/// `aiops demo --scenario runbooks` (issue #16): runbooks other than reboot do their work on the
/// simulator, from the report a person would read.
@Suite struct RunbooksScenarioTests {
    @Test func anErrorBurstIsHealedByARestartAndAFullDiskByFreeingSpace() throws {
        let folder = try TemporaryDirectory("runbooks")
        let file = folder.file("r.json")
        let result = try Subprocess.aiops(
            ["demo", "--scenario", "runbooks", "--no-server", "--report", file.path, "--data-dir", folder.url.path],
            timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try DemoReportFile.read(file)
        let burst = try #require(report.faults.first { $0.kind == "error_burst" })
        let full = try #require(report.faults.first { $0.kind == "disk_full" })
        func actions(on instanceID: String) -> [DemoReportFile.Action] {
            report.incidents.filter { $0.instance_id == instanceID && $0.severity == "critical" }.flatMap(\.actions)
        }
        for (fault, kind) in [(burst, "restart-service"), (full, "free-disk")] {
            let acted = actions(on: fault.instance_id)
            print("\(fault.kind) on \(fault.instance_id): \(acted.map { "\($0.kind) \($0.status)" })")
            #expect(acted.map(\.kind) == [kind], "\(fault.kind): \(acted.map(\.reason))")
            #expect(acted.map(\.status) == ["succeeded"], "\(fault.kind): \(acted.map(\.reason))")
            // The action ended the fault: it did not run out on its own (the scenario gives it no end).
            let end = try #require(fault.end, "\(fault.kind) never ended")
            #expect(acted.allSatisfy { $0.at <= end })
        }
        #expect(report.incidents.contains { $0.instance_id == full.instance_id && $0.metric == "disk_used_percent" })
        #expect(result.stdout.contains("remediation: restart-service"))
        #expect(result.stdout.contains("remediation: free-disk"))
    }
}
