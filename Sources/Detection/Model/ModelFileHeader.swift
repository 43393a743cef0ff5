internal import AIOpsCore
internal import Foundation

/// The first fields of a model file, read before the rest so that another format, version or
/// kind gets its own clear error.
struct ModelFileHeader: Decodable {
    var format: String?
    var formatVersion: Int?
    var kind: String?

    /// The decoder every part of a model file is read with.
    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        // JSON has no NaN: accept the usual spellings as strings, so that a NaN gets a precise
        // "threshold is nan" error rather than a vague parse error.
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return decoder
    }

    /// Reads and checks the header: complete JSON, an object, our format, our version.
    static func read(_ data: Data, source: String) throws(DetectionError) -> ModelFileHeader {
        func fail(_ problem: String, code: DetectionError.Code = .invalidModel, underlying: (any Error)? = nil)
            -> DetectionError
        {
            DetectionError(code, "model file '\(source)': \(problem)", underlying: underlying)
        }
        let header: ModelFileHeader
        do {
            header = try decoder().decode(ModelFileHeader.self, from: data)
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
        let name = IsolationForestModel.formatName
        let version = IsolationForestModel.formatVersion
        guard header.format == name else { throw fail("not an aiops model file (expected \"format\": \"\(name)\")") }
        guard header.formatVersion == version else {
            throw fail(
                "format version \(header.formatVersion.map(String.init) ?? "missing") is not supported (this aiops reads version \(version))",
                code: .unsupportedVersion)
        }
        return header
    }

    /// A model file's bytes; a file that cannot be read is an `io` error naming it.
    static func contents(of url: URL) throws(DetectionError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw DetectionError(.io, "cannot read model file '\(url.path)': \(error.localizedDescription)")
        }
    }

    /// Writes a model file's bytes at once (atomically): a reader sees the old file or the new one.
    static func write(_ data: Data, to url: URL) throws(DetectionError) {
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw DetectionError(.io, "cannot write model file '\(url.path)': \(error.localizedDescription)")
        }
    }

    /// The message for a `kind` this build cannot read.
    static func unknownKind(_ kind: String) -> String {
        let known = (IsolationForestModel.forestKinds + DetectorCatalog.persistentTypes.keys.sorted())
        return "unknown detector kind '\(kind)' (this aiops reads \(known.map { "'\($0)'" }.joined(separator: ", ")))"
    }

    /// Empty, or an object that never closes: what a cut-off copy or a full disk leaves behind.
    private static func looksTruncated(_ data: Data) -> Bool {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
        guard let first = data.first(where: { !isSpace($0) }) else { return true }
        return first == UInt8(ascii: "{") && data.last(where: { !isSpace($0) }) != UInt8(ascii: "}")
    }
}
