import AIOpsCore
import AWSAdapters
import AWSClient
import AdapterComposition
import Composition
import Detection
import Foundation
import Logging
import Pipeline
import TestSupport
import Testing

/// `AIOPS_MODEL_DIR`: the instance's own model, else the fleet's, else the catalog detector.
@Suite struct ModelDirectoryDetectorProviderTests {
    static func forest(feature: String, around level: Double) throws -> DetectorModel {
        let values = (0..<300).map { level + Double($0 % 7) }
        return .forest(
            try IsolationForestModel.train(
                try FeatureMatrix(column: values), features: [feature],
                parameters: IsolationForest.Parameters(trees: 20, sampleSize: 64, seed: 7), threads: 1))
    }

    static func provider(_ folder: TemporaryDirectory, logs: CapturedLogs) throws -> any DetectorProvider {
        var settings = AgentSettings()
        settings.metrics = [.cpuUtilization, MetricName("mem_used_percent")]
        settings.modelDirectory = folder.url.path
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        return try AWSAgentAssembly(settings: settings, executor: executor, logger: logs.logger).detectorProvider()
    }

    @Test func picksTheInstancesModelThenTheFleetsThenTheCatalog() async throws {
        let folder = try TemporaryDirectory("models")
        try Self.forest(feature: "CPUUtilization", around: 20).write(to: folder.file("i-0own.json"))
        try Self.forest(feature: "value", around: 60).write(to: folder.file("default.json"))
        let logs = CapturedLogs()
        let provider = try Self.provider(folder, logs: logs)
        let own = Instance(id: "i-0own", name: "own")
        let other = Instance(id: "i-0other", name: "other")

        #expect(try await provider.detector(for: own, metric: .cpuUtilization)?.origin == "model i-0own.json")
        #expect(try await provider.detector(for: other, metric: .cpuUtilization)?.origin == "model default.json")
        // default.json is on the generic column `value`: it covers the primary metric only.
        let memory = try await provider.detector(for: other, metric: MetricName("mem_used_percent"))
        #expect(memory?.origin == "default detector")
        // The instance's model scores: a value far from what it was trained on is anomalous.
        var detector = try #require(try await provider.detector(for: own, metric: .cpuUtilization)).detector
        #expect(detector.observe(MetricPoint(timestamp: Date(), value: 95)).isAnomaly)
        #expect(logs.records.isEmpty)
    }

    @Test func aBadModelFileSkipsThatInstanceAndNamesTheFile() async throws {
        let folder = try TemporaryDirectory("models")
        _ = try folder.write("i-0bad.json", #"{"format": "aiops-model", "formatVersion": 1, "kind": "isolation-fo"#)
        let two = try IsolationForestModel.train(
            try FeatureMatrix(values: (0..<50).flatMap { [Double($0), Double($0 % 5)] }, columnCount: 2),
            features: ["a", "b"],
            parameters: IsolationForest.Parameters(trees: 5, sampleSize: 16, seed: 1), threads: 1)
        try DetectorModel.forest(two).write(to: folder.file("i-0wide.json"))
        let logs = CapturedLogs()
        let provider = try Self.provider(folder, logs: logs)

        #expect(try await provider.detector(for: Instance(id: "i-0bad", name: "bad"), metric: .cpuUtilization) == nil)
        #expect(try await provider.detector(for: Instance(id: "i-0wide", name: "w"), metric: .cpuUtilization) == nil)
        let fine = try await provider.detector(for: Instance(id: "i-0fine", name: "f"), metric: .cpuUtilization)
        #expect(fine?.origin == "default detector")
        let errors = logs.records.filter { $0.level == .error }
        #expect(errors.count == 2)
        #expect(errors.contains { $0.metadata["aiops.model-file"] == folder.file("i-0bad.json").path })
        #expect(errors.contains { $0.metadata["aiops.model-file"] == folder.file("i-0wide.json").path })
        #expect(errors.allSatisfy { !($0.metadata["aiops.error"] ?? "").isEmpty })
    }

    @Test func slackApproversAreSlackUserIdsFromTheEnvironment() throws {
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        func approvers(_ value: String?) throws -> Set<String>? {
            try AWSAgentAssembly(
                settings: AgentSettings(), executor: executor, logger: Logger(label: "t"),
                environment: value.map { ["AIOPS_SLACK_APPROVERS": $0] } ?? [:]
            ).slackApprovers()
        }
        #expect(try approvers(nil) == nil)
        #expect(try approvers(" , ") == nil)
        #expect(try approvers("U2CERLKJA, W0ABC") == ["U2CERLKJA", "W0ABC"])
        #expect(throws: AIOpsError.self) { try approvers("U1,<script>") }
    }

    @Test func withoutAModelFolderEveryInstanceGetsTheCatalogDetector() async throws {
        let executor = try AWSRequestExecutor.fromEnvironment([
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x",
        ])
        let assembly = AWSAgentAssembly(settings: AgentSettings(), executor: executor, logger: Logger(label: "t"))
        let adaptive = try await assembly.detectorProvider(fallback: "adaptive")
            .detector(for: Instance(id: "i-1", name: "one"), metric: .cpuUtilization)
        #expect(adaptive?.origin == "adaptive detector")
        #expect(throws: AIOpsError.self) { try assembly.detectorProvider(fallback: "nope") }

        var settings = AgentSettings()
        settings.modelDirectory = "/nonexistent/aiops-models"
        let logs = CapturedLogs()
        let missing = try AWSAgentAssembly(settings: settings, executor: executor, logger: logs.logger)
            .detectorProvider()
        #expect(
            logs.records.contains { $0.level == .warning && $0.metadata["aiops.model-dir"] == settings.modelDirectory }
        )
        let provided = try await missing.detector(for: Instance(id: "i-2", name: "two"), metric: .cpuUtilization)
        #expect(provided?.origin == "default detector")
    }
}
