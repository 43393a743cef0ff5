#if AIOPS_FULL
    import Foundation
    import TestSupport
    import Testing

    /// `/metrics` of `aiops demo` (issue #17): the demo runs as a subprocess, the exposition is read
    /// by Prometheus's own Python parser, and its counters agree with the demo's report.
    @Suite struct MetricsEndpointTests {
        struct Sample: Decodable {
            var family: String
            var type: String
            var name: String
            var labels: [String: String]
            var value: Double
        }

        @Test func theDemosCountersAgreeWithItsReport() async throws {
            let folder = try TemporaryDirectory("demo-metrics")
            let report = folder.file("r.json")
            let demo = try BackgroundProcess.aiops([
                "demo", "--port", "0", "--duration", "2h", "--speed", "600", "--report", report.path,
                "--data-dir", folder.url.path,
            ])
            defer { demo.terminate() }
            let line = try await demo.line(containing: "dashboard: http://", timeout: 300)
            let reported = try await demo.wait(timeout: 300) { $0.contains("report written to") }
            #expect(reported, "\(demo.stdout)\n\(demo.stderr)")
            let port = try #require(Self.port(in: line))

            let reply = try #require(LoopbackHTTPClient.request(port: port, path: "/metrics"))
            #expect(reply.status == 200)
            let samples = try Self.parse(reply.body)
            func total(_ name: String, where match: [String: String] = [:]) -> Double {
                samples.filter { sample in
                    sample.name == name && match.allSatisfy { sample.labels[$0.key] == $0.value }
                }.reduce(0) { $0 + $1.value }
            }

            let decoded = try DemoReportFile.read(report)
            // Every incident the report lists was opened once, each counted under its opening severity.
            #expect(total("aiops_incidents_opened_total") == Double(decoded.incidents.count))
            #expect(total("aiops_incidents_opened_total", where: ["severity": "critical"]) >= 1)
            // Every anomaly reached an incident: the counter is the sum of the incidents' counts.
            let anomalies = try Self.anomalyCount(report)
            #expect(total("aiops_anomalies_total") == Double(anomalies))
            // Every action the report shows was decided once, by kind.
            let actions = decoded.incidents.flatMap(\.actions)
            #expect(!actions.isEmpty)
            #expect(total("aiops_actions_total") == Double(actions.count))
            for kind in Set(actions.map(\.kind)) {
                #expect(
                    total("aiops_actions_total", where: ["kind": kind])
                        == Double(actions.filter { $0.kind == kind }.count))
            }
            // The untagged instance's alert was kept from acting by the opt-in guard.
            #expect(total("aiops_guard_skips_total", where: ["reason": "not_opted_in"]) >= 1)
            #expect(total("aiops_cycles_total", where: ["outcome": "ok"]) >= 1)
            #expect(total("aiops_cycle_duration_seconds_count") == total("aiops_cycles_total"))
            #expect(total("aiops_series_scored_total") > 0)
            #expect(total("aiops_notifications_total", where: ["channel": "email", "outcome": "delivered"]) >= 1)
            #expect(samples.contains { $0.name == "aiops_build_info" && $0.labels["version"] != nil && $0.value == 1 })
            #expect(samples.contains { $0.family == "aiops_cycle_duration_seconds" && $0.type == "histogram" })
            // Bounded labels: no instance id anywhere.
            #expect(!samples.contains { $0.labels.values.contains { $0.hasPrefix("i-") } })

            #expect(try await demo.stop(signal: SIGTERM, timeout: 60) == 0)
        }

        static func port(in line: String) -> Int? {
            guard let range = line.range(of: "http://127.0.0.1:") else { return nil }
            return Int(line[range.upperBound...].prefix { $0.isNumber })
        }

        /// The samples of `exposition` as `prometheus_client`'s parser reads them.
        static func parse(_ exposition: Data) throws -> [Sample] {
            let script = Paths.packageRoot.appendingPathComponent(
                "Tests/CLITests/Fixtures/metrics/prometheus_samples.py")
            let result = try Subprocess.run(try MotoServer.python(), [script.path], stdin: exposition, timeout: 60)
            #expect(result.status == 0, "\(result.stderr)")
            return try JSONDecoder().decode([Sample].self, from: Data(result.stdout.utf8))
        }

        /// The anomalies the report's incidents hold (`anomaly_count`, which the shared decoder skips).
        static func anomalyCount(_ report: URL) throws -> Int {
            struct Counts: Decodable {
                struct Incident: Decodable { var anomaly_count: Int }
                var incidents: [Incident]
            }
            return try JSONDecoder().decode(Counts.self, from: Data(contentsOf: report)).incidents.reduce(0) {
                $0 + $1.anomaly_count
            }
        }
    }
#endif
