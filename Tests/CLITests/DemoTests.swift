import Foundation
import TestSupport
import Testing

/// `aiops demo` as a person runs it: a subprocess, a two-hour scenario on virtual time, its report.
@Suite struct DemoTests {
    typealias Report = DemoReportFile

    @Test func theDemoPlaysItsScenarioAndReportsIt() throws {
        let folder = try TemporaryDirectory("demo")
        let report = folder.file("r.json")
        let result = try Subprocess.aiops(
            ["demo", "--duration", "2h", "--no-server", "--report", report.path, "--data-dir", folder.url.path],
            timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        let decoded = try Report.read(report)
        #expect(decoded.seed == 42)
        let tagged = Set(decoded.instances.filter { $0.tags["aiops:remediate"] == "true" }.map(\.id))
        func faults(_ kind: String) -> [Report.Fault] { decoded.faults.filter { $0.kind == kind } }

        // The runaway with its error burst: detected, explained by the burst, rebooted, verified.
        let runawayTarget = try #require(faults("cpu_runaway").first { tagged.contains($0.instance_id) })
        let runaway = try #require(
            decoded.incidents.first { $0.instance_id == runawayTarget.instance_id && $0.severity == "critical" })
        #expect(runaway.findings.contains { !$0.example.isEmpty && $0.count > 0 })
        #expect(runaway.actions.map(\.kind) == ["reboot"])
        #expect(runaway.actions.map(\.status) == ["succeeded"])
        #expect(result.stdout.contains("ALERT [aiops] CRITICAL \(runawayTarget.instance_id)"))

        // The surge: never critical, never acted on.
        let surge = try #require(faults("traffic_surge").first)
        let surgeIncidents = decoded.incidents.filter { $0.instance_id == surge.instance_id }
        #expect(!surgeIncidents.isEmpty)
        #expect(surgeIncidents.allSatisfy { $0.severity != "critical" && $0.actions.isEmpty })

        // The instance without the tag: alerted, not acted on.
        let untagged = try #require(faults("cpu_runaway").first { !tagged.contains($0.instance_id) })
        let alerted = decoded.incidents.filter { $0.instance_id == untagged.instance_id && $0.severity == "critical" }
        #expect(!alerted.isEmpty)
        #expect(alerted.flatMap(\.actions).allSatisfy { $0.status == "skipped" })
        #expect(result.stdout.contains("ALERT [aiops] CRITICAL \(untagged.instance_id)"))

        // The emails that would have been sent are in the outbox.
        let outbox = try FileManager.default.contentsOfDirectory(atPath: folder.file("outbox").path)
        #expect(outbox.filter { $0.hasSuffix(".eml") }.count >= 2)
    }

    @Test func badOptionsAreRefusedClearly() throws {
        let result = try Subprocess.aiops(["demo", "--no-server", "--duration", "soon"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("'soon' is not a duration"))
        let few = try Subprocess.aiops(["demo", "--no-server", "--instances", "2"])
        #expect(few.status != 0)
        #expect(few.stderr.contains("--instances must be at least 3"))
    }
}
