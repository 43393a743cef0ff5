import AWSClient
import Foundation
import Synchronization
import TestSupport

/// Clients against the shared moto server, built the way the entry points build them.
struct Moto {
    let server: MotoServer
    let executor: AWSRequestExecutor
    /// Counts the calls made through `executor`.
    let calls = CountingTransport(AsyncHTTPClientTransport())

    init() throws {
        server = try MotoServer.shared()
        executor = try AWSRequestExecutor.fromEnvironment(server.environment, transport: calls)
    }

    /// A name no other test uses (tests share one server and run in parallel).
    static func unique(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    /// SQS over the query protocol, to read back what SNS delivered.
    static let sqs = AWSService(
        name: "SQS", signingName: "sqs", endpointPrefix: "sqs", endpointVariable: "SQS",
        wireProtocol: .query(version: "2012-11-05"))

    /// Starts `count` instances tagged `tags` (moto accepts any image id).
    func runInstances(count: Int, tags: [String: String]) async throws -> [String] {
        var parameters = QueryParameters()
        parameters.add("ImageId", "ami-12345678")
        parameters.add("MinCount", "\(count)")
        parameters.add("MaxCount", "\(count)")
        parameters.add("InstanceType", "t3.micro")
        parameters.add("TagSpecification.1.ResourceType", "instance")
        for (index, key) in tags.keys.sorted().enumerated() {
            parameters.add("TagSpecification.1.Tag.\(index + 1).Key", key)
            parameters.add("TagSpecification.1.Tag.\(index + 1).Value", tags[key])
        }
        let reply = try await executor.query(.ec2, "RunInstances", parameters)
        return reply.child("instancesSet")?.children("item").compactMap { $0.string("instanceId") } ?? []
    }
}

/// Passes requests on and counts them by operation (`X-Amz-Target` or the query `Action`).
final class CountingTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let counts = Mutex<[String: Int]>([:])

    init(_ inner: any HTTPTransport) { self.inner = inner }

    func count(_ operation: String) -> Int { counts.withLock { $0[operation, default: 0] } }

    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var operation = request.headers.first { $0.name == "X-Amz-Target" }?.value.split(separator: ".").last.map(
            String.init)
        if operation == nil {
            let body = String(decoding: request.body, as: UTF8.self)
            operation = body.split(separator: "&").first { $0.hasPrefix("Action=") }.map { String($0.dropFirst(7)) }
        }
        counts.withLock { $0[operation ?? "?", default: 0] += 1 }
        return try await inner.send(request, timeout: timeout)
    }
}
