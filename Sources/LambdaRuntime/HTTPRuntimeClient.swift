public import AsyncHTTPClient
public import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// The Runtime API over HTTP (`AWS_LAMBDA_RUNTIME_API`, a `host:port`).
public struct HTTPRuntimeClient: LambdaRuntimeClient {
    private let base: String
    private let http: HTTPClient

    /// A client without read timeout: `GET /invocation/next` waits as long as no event comes
    /// (`HTTPClient.shared` gives up after 90 s, which would end an idle function). Never shut
    /// down: it lives as long as the process.
    public static let runtimeHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5), read: nil)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// `endpoint` is the value of `AWS_LAMBDA_RUNTIME_API`, e.g. `127.0.0.1:9001`.
    public init(endpoint: String, httpClient: HTTPClient = HTTPRuntimeClient.runtimeHTTPClient) {
        base = "http://\(endpoint)/2018-06-01/runtime"
        http = httpClient
    }

    public func next() async throws -> Invocation {
        let request = HTTPClientRequest(url: "\(base)/invocation/next")
        // The Runtime API holds this request until an event arrives: no timeout.
        let response = try await http.execute(request, deadline: .distantFuture)
        let body = try await response.body.collect(upTo: 6 * 1024 * 1024 + 1024)
        guard response.status == .ok else {
            throw LambdaRuntimeError(.runtimeAPI, "GET /invocation/next answered \(response.status.code)")
        }
        guard let requestID = response.headers.first(name: "Lambda-Runtime-Aws-Request-Id") else {
            throw LambdaRuntimeError(.runtimeAPI, "GET /invocation/next answered without Lambda-Runtime-Aws-Request-Id")
        }
        let deadlineMillis = response.headers.first(name: "Lambda-Runtime-Deadline-Ms").flatMap(Double.init)
        return Invocation(
            requestID: requestID,
            deadline: deadlineMillis.map { Date(timeIntervalSince1970: $0 / 1000) } ?? Date().addingTimeInterval(60),
            invokedFunctionARN: response.headers.first(name: "Lambda-Runtime-Invoked-Function-Arn"),
            traceID: response.headers.first(name: "Lambda-Runtime-Trace-Id"),
            body: Data(buffer: body))
    }

    public func respond(requestID: String, body: Data) async throws {
        try await post("\(base)/invocation/\(requestID)/response", body: body, errorType: nil)
    }

    public func fail(requestID: String, error: LambdaErrorReport) async throws {
        try await post(
            "\(base)/invocation/\(requestID)/error", body: try JSONEncoder().encode(error), errorType: error.errorType)
    }

    public func initFailed(_ error: LambdaErrorReport) async throws {
        try await post("\(base)/init/error", body: try JSONEncoder().encode(error), errorType: error.errorType)
    }

    private func post(_ url: String, body: Data, errorType: String?) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body))
        if let errorType { request.headers.add(name: "Lambda-Runtime-Function-Error-Type", value: errorType) }
        let response = try await http.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1024 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw LambdaRuntimeError(.runtimeAPI, "POST \(url) answered \(response.status.code)")
        }
    }
}
