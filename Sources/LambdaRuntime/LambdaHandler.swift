public import Foundation

/// A function: takes the raw event bytes, returns the response bytes.
public protocol LambdaByteHandler: Sendable {
    func handle(_ event: Data, context: LambdaContext) async throws -> Data
}

/// A function over typed events: `handle(_ event: Event, context:) async throws -> Output`.
public protocol LambdaHandler: LambdaByteHandler {
    associatedtype Event: Decodable
    associatedtype Output: Encodable
    func handle(_ event: Event, context: LambdaContext) async throws -> Output
}

extension LambdaHandler {
    public func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        let decoded: Event
        do {
            decoded = try JSONDecoder().decode(Event.self, from: event)
        } catch {
            throw LambdaRuntimeError(
                .invalidEvent, "the event is not a valid \(Event.self): \(Self.describe(error))", underlying: error)
        }
        let output = try await handle(decoded, context: context)
        if let raw = output as? Data { return raw }
        return try JSONEncoder().encode(output)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        switch error {
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "\(context.debugDescription)\(path.isEmpty ? "" : " at \(path)")"
        @unknown default: return String(describing: error)
        }
    }
}

/// An event with no content the handler needs (returns `{}`).
public struct EmptyOutput: Codable, Sendable, Hashable {
    public init() {}
}
