import Foundation
import TestSupport
import Testing

/// `aiops backtest` as a person runs it, on the recorded example committed as a fixture (made by
/// `aiops export-simulation`), and `aiops export-simulation` itself.
@Suite struct BacktestCommandTests {
    static let fixture = Paths.packageRoot.appendingPathComponent("Tests/CLITests/Fixtures/backtest")

    static func backtest(_ extra: [String] = [], metrics: URL? = nil, in folder: TemporaryDirectory) throws
        -> (ProcessResult, [String: Any])
    {
        let report = folder.file("report.json")
        let result = try Subprocess.aiops(
            [
                "backtest", "--metrics", (metrics ?? fixture.appendingPathComponent("metrics")).path,
                "--logs", fixture.appendingPathComponent("logs").path,
                "--labels", fixture.appendingPathComponent("labels.json").path,
                "--report", report.path, "--warmup-hours", "24",
            ] + extra)
        let json = (try? JSONSerialization.jsonObject(with: Data(contentsOf: report))) as? [String: Any]
        return (result, json ?? [:])
    }

    @Test func replaysTheRecordingThroughTheWholePipelineInDryRun() throws {
        let folder = try TemporaryDirectory("backtest")
        let (result, report) = try Self.backtest(in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(report["format"] as? String == "aiops-backtest")
        let input = report["input"] as? [String: Any] ?? [:]
        #expect((input["instances"] as? [String])?.count == 3)
        #expect(input["metrics"] as? [String] == ["CPUUtilization"])
        #expect(input["period"] as? Int == 300)
        #expect((input["cycles"] as? Int ?? 0) > 90)

        // Dry run: decisions recorded, nothing touched.
        #expect((report["controller_calls"] as? [String])?.isEmpty == true)
        let actions = report["actions"] as? [[String: Any]] ?? []
        #expect(!actions.isEmpty)
        #expect(actions.allSatisfy { $0["status"] as? String == "dry_run" && $0["kind"] as? String == "reboot" })

        // The error burst has error evidence in the logs: a critical incident, an alert and a
        // (dry-run) reboot of that instance, all belonging to that fault.
        let labels =
            try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture.appendingPathComponent("labels.json")))
            as? [[String: Any]] ?? []
        let burst = try #require(labels.firstIndex { $0["kind"] as? String == "error_burst" })
        let burstInstance = labels[burst]["instance_id"] as? String
        let alerts = report["alerts"] as? [[String: Any]] ?? []
        #expect(alerts.contains { $0["fault"] as? Int == burst && $0["instance_id"] as? String == burstInstance })
        #expect(actions.contains { $0["instance_id"] as? String == burstInstance })
        let incidents = report["incidents"] as? [[String: Any]] ?? []
        #expect(
            incidents.contains {
                $0["fault"] as? Int == burst && $0["severity"] as? String == "critical" && $0["root_cause"] != nil
            })

        // The scores agree with the per-fault details they summarise.
        let evaluation = report["evaluation"] as? [String: Any] ?? [:]
        let faults = evaluation["faults"] as? [[String: Any]] ?? []
        #expect(faults.count == 3)
        let detected = faults.filter { $0["incident_id"] != nil }
        let scores = evaluation["incidents"] as? [String: Any] ?? [:]
        #expect(scores["faults_detected"] as? Int == detected.count)
        #expect(detected.count >= 2, "most faults show in the metric")
        #expect(scores["recall"] as? Double == Double(detected.count) / 3)
        let belonging = incidents.filter { $0["fault"] != nil }.count
        #expect(scores["precision"] as? Double == Double(belonging) / Double(incidents.count))
        let delays = detected.compactMap { $0["time_to_detect_seconds"] as? Double }
        #expect(delays.allSatisfy { $0 > 0 && $0 < 30 * 60 })
        let mean = scores["mean_time_to_detect_seconds"] as? Double ?? -1
        #expect(abs(mean - delays.reduce(0, +) / Double(max(delays.count, 1))) < 1e-6)
        #expect(result.stdout.contains("incidents: precision"))
        #expect(result.stdout.contains("alerts: precision"))
    }

    @Test func theSameRecordingGivesTheSameReportInEitherLayout() throws {
        let folder = try TemporaryDirectory("backtest-flat")
        let (first, nested) = try Self.backtest(in: folder)
        #expect(first.status == 0, "\(first.stderr)")
        let nestedBytes = try Data(contentsOf: folder.file("report.json"))
        // `<instance-id>_<Metric>.csv` side by side instead of a folder per instance.
        let flat = folder.file("flat")
        try FileManager.default.createDirectory(at: flat, withIntermediateDirectories: true)
        let metrics = Self.fixture.appendingPathComponent("metrics")
        for instance in try FileManager.default.contentsOfDirectory(atPath: metrics.path) where !instance.hasPrefix(".")
        {
            for file in try FileManager.default.contentsOfDirectory(
                atPath: metrics.appendingPathComponent(instance).path)
            {
                try FileManager.default.copyItem(
                    at: metrics.appendingPathComponent("\(instance)/\(file)"),
                    to: flat.appendingPathComponent("\(instance)_\(file)"))
            }
        }
        let other = try TemporaryDirectory("backtest-flat-2")
        let (second, flatReport) = try Self.backtest(metrics: flat, in: other)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Data(contentsOf: other.file("report.json")) == nestedBytes)
        #expect((flatReport["incidents"] as? [Any])?.count == (nested["incidents"] as? [Any])?.count)
    }

    @Test func badRecordingsAreClearErrors() throws {
        let folder = try TemporaryDirectory("backtest-errors")
        let missing = try Subprocess.aiops([
            "backtest", "--metrics", folder.file("nope").path, "--report", folder.file("r.json").path,
        ])
        TrainScoreCLITests.expectCleanFailure(missing, mentioning: ["nope", "does not exist"])

        try folder.write(
            "m/i-1/CPUUtilization.csv", "timestamp,value\n2026-01-01T00:00:00Z,1\n2026-01-01T00:05:00Z,x\n")
        let badCSV = try Subprocess.aiops([
            "backtest", "--metrics", folder.file("m").path, "--report", folder.file("r.json").path,
        ])
        TrainScoreCLITests.expectCleanFailure(badCSV, mentioning: ["CPUUtilization.csv:3", "'x' is not a number"])

        var series = "timestamp,value\n"
        for i in 0..<50 { series += "2026-01-01T\(String(format: "%02d:%02d", i * 5 / 60, i * 5 % 60)):00Z,\(i % 7)\n" }
        try folder.write("ok/i-1/CPUUtilization.csv", series)
        try folder.write("logs/i-1.log", "Traceback (most recent call last):\n2026-01-01T00:00:00Z fine\n")
        let badLog = try Subprocess.aiops([
            "backtest", "--metrics", folder.file("ok").path, "--logs", folder.file("logs").path,
            "--report", folder.file("r.json").path,
        ])
        TrainScoreCLITests.expectCleanFailure(badLog, mentioning: ["i-1.log line 1", "timestamp"])

        try folder.write("labels.json", #"[{"instance_id": "i-1", "start": "soon"}]"#)
        let badLabels = try Subprocess.aiops([
            "backtest", "--metrics", folder.file("ok").path, "--labels", folder.file("labels.json").path,
            "--report", folder.file("r.json").path,
        ])
        TrainScoreCLITests.expectCleanFailure(badLabels, mentioning: ["labels.json", "'start' is not a time"])

        let unknown = try Subprocess.aiops([
            "backtest", "--metrics", folder.file("ok").path, "--detector", "magic", "--report",
            folder.file("r.json").path,
        ])
        TrainScoreCLITests.expectCleanFailure(unknown, mentioning: ["unknown detector `magic`"])
    }

    @Test func theFixtureIsWhatTheSimulatorExports() throws {
        let folder = try TemporaryDirectory("export")
        let out = folder.file("backtest")
        let result = try Subprocess.aiops(["export-simulation", "--out", out.path, "--logs-from-hour", "22"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = [
            "labels.json", "logs", "metrics",
        ]
        for name in files {
            let enumerator = FileManager.default.enumerator(atPath: out.appendingPathComponent(name).path)
            var paths: [String] = []
            while let path = enumerator?.nextObject() as? String { paths.append(path) }
            if paths.isEmpty { paths = [""] }
            for path in paths {
                let made = out.appendingPathComponent(name).appendingPathComponent(path)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: made.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else { continue }
                let committed = Self.fixture.appendingPathComponent(name).appendingPathComponent(path)
                #expect(try Data(contentsOf: made) == Data(contentsOf: committed), "\(name)/\(path) differs")
            }
        }
    }
}
