public import AWSClient
import Foundation
import Synchronization

/// Passes requests on and counts them by operation (`X-Amz-Target` or the query `Action`).
public final class CountingTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let counts = Mutex<[String: Int]>([:])

    public init(_ inner: any HTTPTransport) { self.inner = inner }

    /// The calls of `operation` so far.
    public func count(_ operation: String) -> Int { counts.withLock { $0[operation, default: 0] } }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
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
