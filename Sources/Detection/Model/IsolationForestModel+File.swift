public import AIOpsCore
public import Foundation

extension IsolationForestModel {
    /// The model file format this build writes and reads.
    public static let formatVersion = 1
    /// The `format` field that marks a JSON document as an aiops model file.
    public static let formatName = "aiops-model"

    /// Reads and checks a model file. Fails, naming the file and the problem, when it cannot be
    /// read, is not complete JSON, has another format version, or is inconsistent.
    public static func load(from url: URL) throws(DetectionError) -> IsolationForestModel {
        try decode(try ModelFileHeader.contents(of: url), source: url.path)
    }

    /// Writes the model file (see `encoded()`).
    public func write(to url: URL) throws(DetectionError) {
        try ModelFileHeader.write(encoded(), to: url)
    }

    /// The model file's bytes: JSON with the sections on their own lines and one tree per line.
    /// The same model always gives the same bytes.
    public func encoded() -> Data {
        var json = ModelJSONWriter()
        json.header(kind: kind, features: features)
        json.raw(",\n  \"parameters\": {\"trees\": ")
        json.number(parameters.trees)
        json.raw(", \"sampleSize\": ")
        json.number(parameters.sampleSize)
        json.raw(", \"contamination\": ")
        switch contamination {
        case .auto: json.string("auto")
        case .fraction(let value): json.number(value)
        }
        json.raw(", \"seed\": ")
        json.number(parameters.seed)
        json.raw("},\n  \"threshold\": ")
        json.number(threshold)
        json.raw(",\n  \"training\": ")
        json.training(training)
        json.raw(",\n")
        if let detector {
            json.raw("  \"detector\": ")
            json.value(detector)
            json.raw(",\n")
        }
        json.raw("  \"forest\": {\n    \"sampleSize\": ")
        json.number(forest.sampleSize)
        json.raw(",\n    \"maxDepth\": ")
        json.number(forest.maxDepth)
        json.raw(",\n    \"trees\": [")
        for (index, tree) in forest.trees.enumerated() {
            json.raw(index == 0 ? "\n      {\"feature\": " : ",\n      {\"feature\": ")
            json.array(tree.feature) { $0.number($1) }
            json.raw(", \"threshold\": ")
            json.array(tree.threshold) { $0.number($1) }
            json.raw(", \"left\": ")
            json.array(tree.left) { $0.number($1) }
            json.raw(", \"right\": ")
            json.array(tree.right) { $0.number($1) }
            json.raw(", \"samples\": ")
            json.array(tree.samples) { $0.number($1) }
            json.raw("}")
        }
        json.raw("\n    ]\n  }\n}\n")
        return Data(json.text.utf8)
    }

    /// Parses and checks a model file's bytes; `source` names it in errors. The file must hold a
    /// forest (`kind` `isolation-forest` or `seed`); `DetectorModel.decode` reads every kind.
    public static func decode(_ data: Data, source: String = "model") throws(DetectionError) -> IsolationForestModel {
        func fail(_ problem: String, code: DetectionError.Code = .invalidModel, underlying: (any Error)? = nil)
            -> DetectionError
        {
            DetectionError(code, "model file '\(source)': \(problem)", underlying: underlying)
        }
        let header = try ModelFileHeader.read(data, source: source)
        if let kind = header.kind, !forestKinds.contains(kind) {
            throw fail(
                DetectorCatalog.persistentTypes[kind] == nil
                    ? ModelFileHeader.unknownKind(kind)
                    : "it holds the streaming detector '\(kind)', not an Isolation Forest over columns")
        }
        let document: ModelFileDocument
        do {
            document = try ModelFileHeader.decoder().decode(ModelFileDocument.self, from: data)
        } catch {
            throw fail(EventCodec.describe(error), underlying: error)
        }
        do throws(DetectionError) {
            let model = try document.model()
            if model.kind == seedKind, model.features.count != 1 {
                throw DetectionError(
                    .invalidModel, "a 'seed' model scores one value, but it names \(model.features.count) features")
            }
            return model
        } catch {
            throw fail(error.message, code: error.code, underlying: error.underlying)
        }
    }
}
