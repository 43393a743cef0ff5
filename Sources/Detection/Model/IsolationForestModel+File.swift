internal import AIOpsCore
public import Foundation

extension IsolationForestModel {
    /// The model file format this build writes and reads.
    public static let formatVersion = 1
    /// The `format` field that marks a JSON document as an aiops model file.
    public static let formatName = "aiops-model"

    /// Reads and checks a model file. Fails, naming the file and the problem, when it cannot be
    /// read, is not complete JSON, has another format version, or is inconsistent.
    public static func load(from url: URL) throws(DetectionError) -> IsolationForestModel {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw DetectionError(.io, "cannot read model file '\(url.path)': \(error.localizedDescription)")
        }
        return try decode(data, source: url.path)
    }

    /// Writes the model file (see `encoded()`).
    public func write(to url: URL) throws(DetectionError) {
        do {
            try encoded().write(to: url, options: .atomic)
        } catch {
            throw DetectionError(.io, "cannot write model file '\(url.path)': \(error.localizedDescription)")
        }
    }

    /// The model file's bytes: JSON with the sections on their own lines and one tree per line.
    /// The same model always gives the same bytes.
    public func encoded() -> Data {
        var json = JSONWriter()
        json.raw("{\n  \"format\": ")
        json.string(Self.formatName)
        json.raw(",\n  \"formatVersion\": ")
        json.number(Self.formatVersion)
        json.raw(",\n  \"kind\": ")
        json.string(kind)
        json.raw(",\n  \"features\": ")
        json.array(features) { $0.string($1) }
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
        json.raw(",\n  \"training\": {\n    \"rows\": ")
        json.number(training.rows)
        for (key, date) in [("start", training.start), ("end", training.end)] {
            guard let date else { continue }
            json.raw(",\n    \"\(key)\": ")
            json.string(ISO8601.string(from: date))
        }
        json.raw(",\n    \"features\": [")
        for (index, feature) in training.features.enumerated() {
            json.raw(index == 0 ? "\n      {\"name\": " : ",\n      {\"name\": ")
            json.string(feature.name)
            for (key, value) in [
                ("min", feature.min), ("max", feature.max), ("mean", feature.mean), ("std", feature.std),
            ] {
                json.raw(", \"\(key)\": ")
                json.number(value)
            }
            json.raw("}")
        }
        json.raw("\n    ]\n  },\n")
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

    /// Parses and checks a model file's bytes; `source` names it in errors.
    public static func decode(_ data: Data, source: String = "model") throws(DetectionError) -> IsolationForestModel {
        func fail(_ problem: String, code: DetectionError.Code = .invalidModel, underlying: (any Error)? = nil)
            -> DetectionError
        {
            DetectionError(code, "model file '\(source)': \(problem)", underlying: underlying)
        }
        let decoder = JSONDecoder()
        // JSON has no NaN: accept the usual spellings as strings, so that a NaN gets the precise
        // "threshold is nan" error below rather than a vague parse error.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let header: ModelFileHeader
        do {
            header = try decoder.decode(ModelFileHeader.self, from: data)
        } catch {
            let problem: String
            if looksTruncated(data) {
                problem = "the file ends before its JSON is complete (truncated?)"
            } else if case DecodingError.dataCorrupted(let context) = error, context.codingPath.isEmpty {
                problem = "not valid JSON"
            } else {
                problem = "not a JSON object (\(EventCodec.describe(error)))"
            }
            throw fail(problem, underlying: error)
        }
        guard header.format == formatName else {
            throw fail("not an aiops model file (expected \"format\": \"\(formatName)\")")
        }
        guard header.formatVersion == formatVersion else {
            throw fail(
                "format version \(header.formatVersion.map(String.init) ?? "missing") is not supported (this aiops reads version \(formatVersion))",
                code: .unsupportedVersion)
        }
        let document: ModelFileDocument
        do {
            document = try decoder.decode(ModelFileDocument.self, from: data)
        } catch {
            throw fail(EventCodec.describe(error), underlying: error)
        }
        do {
            return try document.model()
        } catch {
            throw fail(error.message, code: error.code, underlying: error.underlying)
        }
    }

    /// Empty, or an object that never closes: what a cut-off copy or a full disk leaves behind.
    private static func looksTruncated(_ data: Data) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        guard let first = data.first(where: { !isSpace($0) }) else { return true }
        return first == UInt8(ascii: "{") && data.last(where: { !isSpace($0) }) != UInt8(ascii: "}")
    }
}
