public import Foundation

/// What a model file holds, whatever its kind: a forest (`isolation-forest` over named columns,
/// or `seed` on the value) or a streaming detector with its parameters and state. The agent,
/// `aiops score` and the Lambda functions load any model file through this.
public enum DetectorModel: Sendable {
    case forest(IsolationForestModel)
    case streaming(StreamingModel)

    /// Reads and checks a model file of any kind. Fails, naming the file and the problem, when it
    /// cannot be read, is not a complete model file of this format version, names a kind this
    /// build does not know, or is inconsistent.
    public static func load(from url: URL) throws(DetectionError) -> DetectorModel {
        try decode(try ModelFileHeader.contents(of: url), source: url.path)
    }

    /// Parses and checks a model file's bytes; `source` names it in errors.
    public static func decode(_ data: Data, source: String = "model") throws(DetectionError) -> DetectorModel {
        let header = try ModelFileHeader.read(data, source: source)
        guard let kind = header.kind else {
            throw DetectionError(.invalidModel, "model file '\(source)': missing 'kind' at top level")
        }
        if IsolationForestModel.forestKinds.contains(kind) {
            return .forest(try IsolationForestModel.decode(data, source: source))
        }
        guard let type = DetectorCatalog.persistentTypes[kind] else {
            throw DetectionError(.invalidModel, "model file '\(source)': \(ModelFileHeader.unknownKind(kind))")
        }
        return .streaming(try StreamingModel.decode(data, type: type, source: source))
    }

    /// The model file's bytes.
    public func encoded() throws(DetectionError) -> Data {
        switch self {
        case .forest(let model): model.encoded()
        case .streaming(let model): try model.encoded()
        }
    }

    /// Writes the model file.
    public func write(to url: URL) throws(DetectionError) {
        try ModelFileHeader.write(try encoded(), to: url)
    }

    public var kind: String {
        switch self {
        case .forest(let model): model.kind
        case .streaming(let model): model.kind
        }
    }

    public var threshold: Double {
        switch self {
        case .forest(let model): model.threshold
        case .streaming(let model): model.threshold
        }
    }

    /// The CSV columns the model reads.
    public var features: [String] {
        switch self {
        case .forest(let model): model.features
        case .streaming: StreamingModel.features
        }
    }

    /// The streaming detector this model resumes: the saved detector, or the seed detector over a
    /// forest on one value. A forest over several columns scores rows, not a stream: an error.
    public func detector() throws(DetectionError) -> any StreamingDetector {
        switch self {
        case .forest(let model): try SeedDetector(model: model)
        case .streaming(let model): model.detector
        }
    }
}
