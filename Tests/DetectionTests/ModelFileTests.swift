import Foundation
import Testing

@testable import Detection

@Suite struct ModelFileTests {
    static func smallModel(contamination: Contamination = .auto) throws -> IsolationForestModel {
        let values = (0..<40).map { Double($0 % 10) } + [100]
        let stamps = (0..<41).map { Date(timeIntervalSince1970: 1_700_000_000 + Double($0) * 300) }
        return try IsolationForestModel.train(
            try FeatureMatrix(column: values), features: ["value"], timestamps: stamps,
            parameters: .init(trees: 3, sampleSize: 8, seed: 9), contamination: contamination)
    }

    @Test func roundTripKeepsEverything() throws {
        var model = try Self.smallModel(contamination: .fraction(0.05))
        model.detector = .object(["window": .number(12), "name": .string("later \"detector\""), "on": .bool(true)])
        let data = model.encoded()
        let loaded = try IsolationForestModel.decode(data)
        #expect(loaded.features == model.features)
        #expect(loaded.parameters == model.parameters)
        #expect(loaded.contamination == model.contamination)
        #expect(loaded.threshold == model.threshold)
        #expect(loaded.training == model.training)
        #expect(loaded.forest.trees == model.forest.trees)
        #expect(loaded.detector == model.detector)
        #expect(loaded.kind == "isolation-forest")
        let probe = try FeatureMatrix(column: [0, 5, 9, 50, 100])
        #expect(try loaded.scores(probe) == model.scores(probe))
        #expect(loaded.encoded() == data, "the same model always writes the same bytes")
    }

    @Test func contaminationSetsTheThresholdAtTheTrainingQuantile() throws {
        let model = try Self.smallModel(contamination: .fraction(0.1))
        let values = (0..<40).map { Double($0 % 10) } + [100]
        let scores = try model.scores(try FeatureMatrix(column: values))
        let flagged = scores.filter(model.isAnomaly(score:)).count
        #expect(flagged >= 1 && flagged <= 5)
        #expect(model.isAnomaly(score: scores[40]))
        #expect(try Self.smallModel().threshold == 0.5)
    }

    @Test func writesAndLoadsAFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.json")
        let model = try Self.smallModel()
        try model.write(to: url)
        #expect(try IsolationForestModel.load(from: url).forest.trees == model.forest.trees)
        let missing = folder.appendingPathComponent("nope.json")
        let error = #expect(throws: DetectionError.self) { try IsolationForestModel.load(from: missing) }
        #expect(error?.code == .io)
        #expect(error?.message.contains("nope.json") == true)
    }

    /// The small model as a JSON object to break in one place.
    static func document() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: smallModel().encoded())
        return object as? [String: Any] ?? [:]
    }

    static func firstTree(_ document: [String: Any]) -> [String: Any] {
        let forest = document["forest"] as? [String: Any]
        return (forest?["trees"] as? [[String: Any]])?.first ?? [:]
    }

    static func replacingFirstTree(_ document: [String: Any], _ change: (inout [String: Any]) -> Void)
        -> [String: Any]
    {
        var document = document
        var forest = document["forest"] as? [String: Any] ?? [:]
        var trees = forest["trees"] as? [[String: Any]] ?? []
        change(&trees[0])
        forest["trees"] = trees
        document["forest"] = forest
        return document
    }

    static func expectRejected(
        _ document: [String: Any], code: DetectionError.Code = .invalidModel, mentioning words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let data = try JSONSerialization.data(withJSONObject: document)
        try expectRejected(data, code: code, mentioning: words, sourceLocation: sourceLocation)
    }

    static func expectRejected(
        _ data: Data, code: DetectionError.Code = .invalidModel, mentioning words: [String],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        do {
            _ = try IsolationForestModel.decode(data, source: "broken.json")
            Issue.record("a broken model file was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("model file 'broken.json': "), sourceLocation: sourceLocation)
            for word in words {
                #expect(
                    error.message.contains(word), "'\(word)' not in: \(error.message)", sourceLocation: sourceLocation)
            }
        }
    }
}

@Suite struct MalformedModelTests {
    typealias M = ModelFileTests

    @Test func truncatedFile() throws {
        let data = try M.smallModel().encoded()
        try M.expectRejected(data.prefix(data.count / 2), mentioning: ["truncated"])
        try M.expectRejected(Data(), mentioning: ["truncated"])
    }

    @Test func notJSONOrNotAModel() throws {
        try M.expectRejected(Data("hello }".utf8), mentioning: ["not valid JSON"])
        try M.expectRejected(Data("[1, 2]".utf8), mentioning: ["not a JSON object"])
        try M.expectRejected(
            Data(#"{"format": "something-else", "formatVersion": 1}"#.utf8), mentioning: ["not an aiops model file"])
    }

    @Test func anotherVersion() throws {
        var document = try M.document()
        document["formatVersion"] = 2
        try M.expectRejected(document, code: .unsupportedVersion, mentioning: ["version 2", "reads version 1"])
    }

    @Test func missingOrMistypedField() throws {
        var document = try M.document()
        document.removeValue(forKey: "threshold")
        try M.expectRejected(document, mentioning: ["threshold"])
        document = try M.document()
        document["features"] = "value"
        try M.expectRejected(document, mentioning: ["features"])
    }

    @Test func childIndexOutOfRange() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            var left = tree["left"] as? [Int] ?? []
            left[0] = 999
            tree["left"] = left
        }
        try M.expectRejected(document, mentioning: ["tree 0", "child 999"])
    }

    @Test func nanThreshold() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            var thresholds = tree["threshold"] as? [Any] ?? []
            thresholds[0] = "NaN"
            tree["threshold"] = thresholds
        }
        try M.expectRejected(document, mentioning: ["tree 0", "node 0", "threshold nan"])
        // A bare NaN is not JSON at all.
        let text = String(decoding: try M.smallModel().encoded(), as: UTF8.self)
        let bare = text.replacingOccurrences(of: #""threshold": 0.5"#, with: #""threshold": NaN"#)
        try M.expectRejected(Data(bare.utf8), mentioning: ["not valid JSON"])
    }

    @Test func featureIndexBeyondTheFeatures() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            var features = tree["feature"] as? [Int] ?? []
            features[0] = 1
            tree["feature"] = features
        }
        try M.expectRejected(document, mentioning: ["feature 1", "1 feature(s)"])
    }

    @Test func featureNamesThatDoNotMatchTheSummary() throws {
        var document = try M.document()
        document["features"] = ["value", "other"]
        try M.expectRejected(document, mentioning: ["do not match"])
        document["features"] = [String]()
        try M.expectRejected(document, mentioning: ["'features' is empty"])
    }

    @Test func cycleAndSharedNode() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            var right = tree["right"] as? [Int] ?? []
            let left = tree["left"] as? [Int] ?? []
            right[0] = left[0]
            tree["right"] = right
        }
        try M.expectRejected(document, mentioning: ["reached twice"])
        let selfLoop = M.replacingFirstTree(try M.document()) { tree in
            var left = tree["left"] as? [Int] ?? []
            left[0] = 0
            tree["left"] = left
        }
        try M.expectRejected(selfLoop, mentioning: ["child 0"])
    }

    @Test func unreachableNode() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            for (key, value) in [("feature", -1), ("left", -1), ("right", -1), ("samples", 1)] {
                tree[key] = (tree[key] as? [Int] ?? []) + [value]
            }
            tree["threshold"] = (tree["threshold"] as? [Double] ?? []) + [0]
        }
        try M.expectRejected(document, mentioning: ["not reachable"])
    }

    @Test func arraysOfDifferentLengths() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            tree["samples"] = (tree["samples"] as? [Int] ?? []).dropLast().map { $0 }
        }
        try M.expectRejected(document, mentioning: ["'samples'"])
    }

    @Test func samplesThatDoNotAddUp() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            var samples = tree["samples"] as? [Int] ?? []
            samples[0] += 1
            tree["samples"] = samples
        }
        try M.expectRejected(document, mentioning: ["samples"])
    }

    @Test func leafWithChildren() throws {
        let document = M.replacingFirstTree(try M.document()) { tree in
            var features = tree["feature"] as? [Int] ?? []
            features[0] = -1
            tree["feature"] = features
        }
        try M.expectRejected(document, mentioning: ["leaf", "children"])
    }

    @Test func inconsistentForest() throws {
        var document = try M.document()
        var parameters = document["parameters"] as? [String: Any] ?? [:]
        parameters["trees"] = 4
        document["parameters"] = parameters
        try M.expectRejected(document, mentioning: ["4 trees", "has 3"])

        document = try M.document()
        var forest = document["forest"] as? [String: Any] ?? [:]
        forest["maxDepth"] = 1
        document["forest"] = forest
        try M.expectRejected(document, mentioning: ["depth"])

        document = try M.document()
        document["threshold"] = 1.5
        try M.expectRejected(document, mentioning: ["'threshold' is 1.5"])
    }

    @Test func badTrainingSummary() throws {
        var document = try M.document()
        var training = document["training"] as? [String: Any] ?? [:]
        training["start"] = "yesterday"
        document["training"] = training
        try M.expectRejected(document, mentioning: ["'start' is not a date"])

        document = try M.document()
        training = document["training"] as? [String: Any] ?? [:]
        var features = training["features"] as? [[String: Any]] ?? []
        features[0]["min"] = 1e9
        training["features"] = features
        document["training"] = training
        try M.expectRejected(document, mentioning: ["statistics of 'value'"])
    }
}
