public import AsyncHTTPClient
import Foundation
import NIOCore

/// `HTTPTransport` over async-http-client.
public struct AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    /// Replies larger than this are refused rather than buffered (no AWS reply we read comes close).
    private let maximumBodySize: Int

    /// Uses `client`, by default the process-wide shared one (no shutdown to manage).
    public init(client: HTTPClient = .shared, maximumBodySize: Int = 64 << 20) {
        self.client = client
        self.maximumBodySize = maximumBodySize
    }

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .RAW(value: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        // The deadline covers the head and the body: a server that stalls mid-body times out too.
        let deadline = NIODeadline.now() + .nanoseconds(nanoseconds)
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            let body = try await response.body.collect(upTo: maximumBodySize)
            return HTTPResponse(
                status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                body: Data(body.readableBytesView))
        } catch {
            throw Self.classify(error, url: request.url)
        }
    }

    /// Sorts a transport failure into timeout, connection failure (both retryable) or a
    /// configuration mistake (not retryable). Cancellation passes through untouched.
    static func classify(_ error: any Error, url: URL) -> any Error {
        if error is CancellationError { return error }
        let place = "\(url.scheme ?? "?")://\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout:
                return AWSError(.timeout, "no complete reply from \(place) in time", underlying: error)
            case .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown:
                return AWSError(.invalidConfiguration, "cannot send to \(place): \(error)", underlying: error)
            case .cancelled:
                return CancellationError()
            default:
                break
            }
        }
        if let error = error as? NIOTooManyBytesError {
            return AWSError(.invalidResponse, "the reply from \(place) is too large", underlying: error)
        }
        return AWSError(.connectionFailure, "the connection to \(place) failed: \(error)", underlying: error)
    }
}
