import AIOpsCore
import Foundation
import Testing

@testable import Detection

/// Streaming detectors in the model file: saved mid-stream, they resume exactly; broken sections
/// are refused with the reason.
@Suite struct StreamingModelTests {
    static func warmed(_ count: Int, warmup: Int = 400) throws -> (StreamingModel, [MetricPoint]) {
        var points = AdaptiveDetectorTests.daily(1400)
        points[1100].value += 90
        var configuration = AdaptiveConfiguration()
        configuration.warmup = warmup
        let detector = AdaptiveDetector(name: "default", configuration: configuration)
        return (try StreamingModel.warm(detector, on: Array(points[..<count])), points)
    }

    /// Cut points before the warm-up ends, inside a block and on a block boundary (32 points).
    @Test(arguments: [150, 640, 901])
    func aSavedDetectorResumesExactly(cut: Int) throws {
        let (model, points) = try Self.warmed(cut)
        var uninterrupted = model.detector
        let expected = points[cut...].map { uninterrupted.observe($0) }

        let data = try DetectorModel.streaming(model).encoded()
        let loaded = try DetectorModel.decode(data, source: "m.json")
        #expect(loaded.kind == "adaptive")
        #expect(loaded.features == ["value"])
        #expect(loaded.threshold == model.threshold)
        guard case .streaming(let restored) = loaded else {
            Issue.record("not read back as a streaming model")
            return
        }
        #expect(restored.training == model.training)
        #expect(restored.training.rows == cut)
        #expect(restored.detector.name == "default")
        #expect(try restored.encoded() == data, "the same state always writes the same bytes")
        var resumed = try loaded.detector()
        #expect(points[cut...].map { resumed.observe($0) } == expected)
    }

    @Test func theThresholdIsWrittenOnceAtTheTopAndRead() throws {
        let (model, _) = try Self.warmed(700)
        var text = String(decoding: try model.encoded(), as: UTF8.self)
        #expect(text.components(separatedBy: "\"threshold\"").count == 2)
        text = text.replacingOccurrences(of: "\"threshold\": 0.525", with: "\"threshold\": 0.9")
        let loaded = try DetectorModel.decode(Data(text.utf8))
        #expect(loaded.threshold == 0.9)
        #expect((try loaded.detector() as? AdaptiveDetector)?.threshold == 0.9)
    }

    @Test func forestFilesStillLoadAndBecomeSeedDetectors() throws {
        let forest = try ModelFileTests.smallModel()
        let loaded = try DetectorModel.decode(forest.encoded())
        #expect(loaded.kind == "isolation-forest")
        var detector = try loaded.detector()
        #expect(detector.name == "seed")
        #expect(detector.observe(MetricPoint(timestamp: Date(), value: 100)).isAnomaly)
        let wide = try IsolationForestModel.train(
            try FeatureMatrix(values: (0..<40).map(Double.init), columnCount: 2), features: ["a", "b"],
            parameters: .init(trees: 2))
        #expect(throws: DetectionError.self) { try DetectorModel.forest(wide).detector() }
    }
}

/// Model files of streaming detectors broken in one place each.
@Suite struct MalformedStreamingModelTests {
    static func document() throws -> [String: Any] {
        let (model, _) = try StreamingModelTests.warmed(700)
        return try JSONSerialization.jsonObject(with: model.encoded()) as? [String: Any] ?? [:]
    }

    /// Applies `change` to the detector section's `state` object.
    static func changingState(_ change: (inout [String: Any]) -> Void) throws -> [String: Any] {
        var document = try document()
        var detector = document["detector"] as? [String: Any] ?? [:]
        var state = detector["state"] as? [String: Any] ?? [:]
        change(&state)
        detector["state"] = state
        document["detector"] = detector
        return document
    }

    static func expectRejected(
        _ document: [String: Any], mentioning words: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let data = try JSONSerialization.data(withJSONObject: document)
        do {
            _ = try DetectorModel.decode(data, source: "broken.json")
            Issue.record("a broken model file was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .invalidModel, "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("model file 'broken.json': "), sourceLocation: sourceLocation)
            for word in words {
                #expect(
                    error.message.contains(word), "'\(word)' not in: \(error.message)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func unknownKind() throws {
        var document = try Self.document()
        document["kind"] = "magic"
        try Self.expectRejected(document, mentioning: ["unknown detector kind 'magic'", "'adaptive'", "'seed'"])
        var forest = try ModelFileTests.document()
        forest["kind"] = "magic"
        try Self.expectRejected(forest, mentioning: ["unknown detector kind 'magic'"])
        let streaming = try JSONSerialization.data(withJSONObject: Self.document())
        let error = #expect(throws: DetectionError.self) { try IsolationForestModel.decode(streaming, source: "d") }
        #expect(error?.message.contains("streaming detector 'adaptive'") == true)
    }

    @Test func missingOrMistypedSections() throws {
        var document = try Self.document()
        document.removeValue(forKey: "detector")
        try Self.expectRejected(document, mentioning: ["missing 'detector'"])
        document = try Self.document()
        document["detector"] = [1, 2]
        try Self.expectRejected(document, mentioning: ["'detector' is not an object"])
        document = try Self.document()
        document["features"] = ["cpu"]
        try Self.expectRejected(document, mentioning: ["'features'", "[\"value\"]"])
        document = try Self.document()
        document["threshold"] = 1.5
        try Self.expectRejected(document, mentioning: ["'threshold' is 1.5"])
    }

    @Test func anotherStateVersion() throws {
        var document = try Self.document()
        var detector = document["detector"] as? [String: Any] ?? [:]
        detector["version"] = 2
        document["detector"] = detector
        try Self.expectRejected(document, mentioning: ["state version 2", "reads 1"])
    }

    @Test func badParameters() throws {
        var document = try Self.document()
        var detector = document["detector"] as? [String: Any] ?? [:]
        var configuration = detector["configuration"] as? [String: Any] ?? [:]
        configuration["medianWindow"] = 0
        detector["configuration"] = configuration
        document["detector"] = detector
        try Self.expectRejected(document, mentioning: ["'medianWindow' is 0"])
        configuration["medianWindow"] = 20
        detector["configuration"] = configuration
        document["detector"] = detector
        try Self.expectRejected(document, mentioning: ["do not match the configuration"])
    }

    @Test func inconsistentState() throws {
        try Self.expectRejected(
            try Self.changingState { state in
                var values = state["values"] as? [String: Any] ?? [:]
                values["times"] = (values["times"] as? [Double] ?? []).dropLast().map { $0 }
                state["values"] = values
            }, mentioning: ["times but", "values"])
        try Self.expectRejected(
            try Self.changingState { state in
                var values = state["values"] as? [String: Any] ?? [:]
                values["times"] = (values["times"] as? [Double] ?? []).reversed().map { $0 }
                state["values"] = values
            }, mentioning: ["not in order"])
        try Self.expectRejected(
            try Self.changingState { state in
                var window = state["medianWindow"] as? [String: Any] ?? [:]
                window["values"] = (window["values"] as? [Double] ?? []) + [1, 2]
                state["medianWindow"] = window
            }, mentioning: ["do not fit a window of capacity 12"])
        try Self.expectRejected(
            try Self.changingState { state in
                state["features"] = (state["features"] as? [Any] ?? []).dropLast().map { $0 }
            }, mentioning: ["4 feature histories for 5 features"])
        try Self.expectRejected(
            try Self.changingState { state in state["recentScores"] = [0.2, 3] }, mentioning: ["recentScores"])
        try Self.expectRejected(
            try Self.changingState { state in state["seen"] = 3 }, mentioning: ["fewer points seen"])
        try Self.expectRejected(
            try Self.changingState { state in
                var features = state["features"] as? [[String: Any]] ?? []
                features[0]["blockCount"] = 5000
                state["features"] = features
            }, mentioning: ["not below the block size"])
    }

    @Test func truncatedAndWrongVersion() throws {
        let (model, _) = try StreamingModelTests.warmed(700)
        let data = try model.encoded()
        do {
            _ = try DetectorModel.decode(data.prefix(data.count / 2), source: "cut.json")
            Issue.record("a truncated file was accepted")
        } catch {
            #expect(error.message.contains("truncated"))
        }
        var document = try Self.document()
        document["formatVersion"] = 7
        let other = try JSONSerialization.data(withJSONObject: document)
        let error = #expect(throws: DetectionError.self) { try DetectorModel.decode(other) }
        #expect(error?.code == .unsupportedVersion)
    }
}
