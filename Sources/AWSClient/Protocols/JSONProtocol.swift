import Foundation

/// AWS JSON 1.0/1.1: `POST /` with the input as a JSON document and `X-Amz-Target` naming the
/// operation; the reply is the output document. Timestamps are epoch seconds.
extension AWSRequestExecutor {
    /// Calls `operation` of a JSON-protocol `service`.
    public func json<Output: Decodable>(
        _ service: AWSService, _ operation: String, _ input: some Encodable, as output: Output.Type = Output.self
    ) async throws -> Output {
        guard case .json(let version, let targetPrefix) = service.wireProtocol else {
            throw AWSError(.invalidConfiguration, "\(service.name) does not speak the JSON protocol")
        }
        let body: Data
        do {
            body = try Self.jsonEncoder.encode(input)
        } catch {
            throw AWSError(
                .invalidParameter, "cannot encode the input of \(service.name).\(operation): \(error)",
                underlying: error)
        }
        let response = try await send(
            service: service, operation: operation,
            headers: [
                ("Content-Type", "application/x-amz-json-\(version)"), ("X-Amz-Target", "\(targetPrefix).\(operation)"),
            ],
            body: body)
        // Some operations answer with an empty body; that is an empty output document.
        let document = response.body.isEmpty ? Data("{}".utf8) : response.body
        do {
            return try Self.jsonDecoder.decode(Output.self, from: document)
        } catch {
            throw AWSError(
                .invalidResponse, "cannot read the reply of \(service.name).\(operation): \(error)",
                statusCode: response.status, requestID: Self.requestID(response),
                operation: "\(service.name).\(operation)",
                underlying: error)
        }
    }

    static let jsonEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }()

    static let jsonDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()
}

/// An output with nothing to read.
public struct EmptyOutput: Decodable, Sendable {
    public init() {}
}
