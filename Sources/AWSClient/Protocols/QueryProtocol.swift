import Foundation
import SigV4

/// AWS query and EC2 protocols: `POST /` with a form body (`Action`, `Version` and the flattened
/// input), XML reply.
extension AWSRequestExecutor {
    /// Calls `action` and returns the reply's root element (`<ActionResponse>`).
    public func query(
        _ service: AWSService, _ action: String, _ parameters: QueryParameters
    ) async throws -> XMLTree {
        let version: String
        switch service.wireProtocol {
        case .query(let v), .ec2(let v): version = v
        case .json: throw AWSError(.invalidConfiguration, "\(service.name) does not speak the query protocol")
        }
        let items = [(name: "Action", value: action), (name: "Version", value: version)] + parameters.items
        let response = try await send(
            service: service, operation: action,
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(URIEncoding.formEncode(items).utf8))
        do {
            return try XMLTree.parse(response.body)
        } catch {
            throw AWSError(
                .invalidResponse,
                "cannot read the reply of \(service.name).\(action): \((error as? AWSError)?.message ?? "\(error)")",
                statusCode: response.status, requestID: Self.requestID(response),
                operation: "\(service.name).\(action)",
                underlying: error)
        }
    }
}

/// The flattened input of a query call, in order.
public struct QueryParameters: Sendable {
    public private(set) var items: [(name: String, value: String)] = []

    public init() {}

    /// Adds `name=value`; a nil value adds nothing.
    public mutating func add(_ name: String, _ value: String?) {
        if let value { items.append((name, value)) }
    }

    /// Adds a list as `prefix.1`, `prefix.2`, … (EC2 style; query services pass `Name.member`).
    public mutating func addList(_ prefix: String, _ values: [String]) {
        for (index, value) in values.enumerated() { items.append(("\(prefix).\(index + 1)", value)) }
    }
}
