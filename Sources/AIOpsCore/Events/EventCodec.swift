public import Foundation

/// Encodes and decodes the events between stages, checking type and version, so a malformed or
/// foreign message gets a clear error instead of a crash.
public enum EventCodec {
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(ISO8601.string(from: date))
        }
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = ISO8601.date(from: text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "'\(text)' is not an ISO 8601 date-time")
            }
            return date
        }
        return decoder
    }

    public static func encode(_ event: some Encodable) throws -> Data {
        try encoder().encode(event)
    }

    public static func decodeAnomaly(_ data: Data) throws(AIOpsError) -> AnomalyEvent {
        try decode(AnomalyEvent.self, data, type: AnomalyEvent.type, version: AnomalyEvent.currentVersion)
    }

    public static func decodeCriticalAlert(_ data: Data) throws(AIOpsError) -> CriticalAlert {
        try decode(CriticalAlert.self, data, type: CriticalAlert.type, version: CriticalAlert.currentVersion)
    }

    private struct Envelope: Decodable {
        var type: String?
        var version: Int?
    }

    static func decode<T: Decodable>(_: T.Type, _ data: Data, type: String, version: Int) throws(AIOpsError)
        -> T
    {
        let envelope: Envelope
        do {
            envelope = try JSONDecoder().decode(Envelope.self, from: data)
        } catch {
            throw AIOpsError(.malformedEvent, "the message is not a JSON object: \(describe(error))", underlying: error)
        }
        guard envelope.type == type else {
            throw AIOpsError(
                .malformedEvent, "expected an event of type '\(type)', got '\(envelope.type ?? "none")'")
        }
        guard envelope.version == version else {
            throw AIOpsError(
                .unsupportedVersion,
                "'\(type)' version \(envelope.version.map(String.init) ?? "none") is not supported (this build reads version \(version))"
            )
        }
        do {
            return try decoder().decode(T.self, from: data)
        } catch {
            throw AIOpsError(.malformedEvent, "malformed '\(type)' event: \(describe(error))", underlying: error)
        }
    }

    /// A short, path-qualified description of a decoding error.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "top level" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "null at \(path(context))"
        case .dataCorrupted(let context): return "invalid data at \(path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
