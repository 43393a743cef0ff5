import Foundation
import TestSupport
import Testing

/// `AIOPS_LOG_FORMAT=json` and `AIOPS_LOG_LEVEL` (docs/observability.md): the demo as a subprocess,
/// every log line a JSON object, the lines about an incident, a cycle or an action carrying its id.
/// The same run exports its traces (`OTEL_EXPORTER_OTLP_ENDPOINT`) to a receiver on loopback: the
/// incident of the logs is in the trace of the cycle that detected it.
@Suite struct StructuredLogTests {
    @Test func jsonLinesCarryTheIdsOfWhatTheyAreAbout() async throws {
        let folder = try TemporaryDirectory("json-logs")
        let secret = "tok-never-logged-5b1e"
        let otlp = try await OTLPReceiver()
        let result = try Subprocess.aiops(
            [
                "demo", "--no-server", "--duration", "45m", "--speed", "3000", "--verbose", "--data-dir",
                folder.url.path,
            ],
            environment: ["AIOPS_LOG_FORMAT": "json", "AIOPS_API_TOKEN": secret].merging(otlp.environment) { $1 },
            timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON line: \(line)")
            if let object { objects.append(object) }
        }
        #expect(objects.allSatisfy { $0["timestamp"] is String && $0["level"] is String && $0["message"] is String })
        func with(_ message: String) -> [[String: Any]] { objects.filter { $0["message"] as? String == message } }

        let opened = try #require(with("incident opened").first, "\(result.stderr)")
        let incidentID = try #require(opened["aiops.incident-id"] as? String)
        #expect(opened["aiops.instance-id"] is String)
        // One grep for the id follows the incident past its opening (its alert, its remediation).
        #expect(lines.filter { $0.contains(incidentID) }.count >= 2, "\(result.stderr)")
        #expect(with("cycle done").allSatisfy { ($0["aiops.cycle-id"] as? String)?.hasPrefix("cycle-") == true })
        #expect(!with("cycle done").isEmpty)
        // An anomaly's line names its cycle: one grep for the id finds the cycle's summary too.
        let anomaly = try #require(with("anomaly").first, "\(result.stderr)")
        let cycleID = try #require(anomaly["aiops.cycle-id"] as? String)
        #expect(with("cycle done").contains { $0["aiops.cycle-id"] as? String == cycleID })
        let decided = with("remediation decided")
        #expect(!decided.isEmpty, "\(result.stderr)")
        #expect(decided.allSatisfy { $0["aiops.action-id"] is String && $0["aiops.incident-id"] is String })
        #expect(!result.stderr.contains(secret) && !result.stdout.contains(secret))

        // Exported when the demo ended: each cycle a trace, the incident's analysis inside one.
        let spans = try otlp.spans()
        let byID = Dictionary(spans.map { ($0.span_id, $0) }) { first, _ in first }
        func root(_ span: OTLPReceiver.Span) -> OTLPReceiver.Span {
            var span = span
            while let parent = byID[span.parent_span_id] { span = parent }
            return span
        }
        #expect(spans.allSatisfy { $0.service == "aiops" }, "\(otlp.stderr)")
        let cycles = spans.filter { $0.name == "detection cycle" }
        #expect(cycles.count == with("cycle done").count)
        let analysis = try #require(
            spans.first { $0.name == "analyse anomaly" && $0.attributes["aiops.incident-id"] == incidentID },
            "\(spans.map(\.name))")
        let cycle = root(analysis)
        #expect(cycle.name == "detection cycle" && cycle.parent_span_id.isEmpty)
        #expect(cycle.attributes["aiops.cycle-id"]?.hasPrefix("cycle-") == true)
        let remediations = spans.filter { $0.name == "remediate" }
        #expect(remediations.count == decided.count)
        #expect(remediations.allSatisfy { root($0).name == "detection cycle" && root($0).trace_id == $0.trace_id })
    }

    @Test func aLevelAboveInfoKeepsTheInfoLinesOutAndABadFormatIsNamed() throws {
        let quiet = try Subprocess.aiops(
            ["demo", "--no-server", "--duration", "30m", "--speed", "3000", "--verbose"],
            environment: ["AIOPS_LOG_FORMAT": "json", "AIOPS_LOG_LEVEL": "warning"], timeout: 300)
        // --verbose asks for the stages' info lines; the operator's level still wins.
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(!quiet.stderr.contains(#""level":"INFO""#), "\(quiet.stderr)")

        let refused = try Subprocess.aiops(["version"], environment: ["AIOPS_LOG_FORMAT": "xml"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("AIOPS_LOG_FORMAT is 'xml'; use one of json, text"), "\(refused.stderr)")
    }
}
