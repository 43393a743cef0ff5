public import AsyncHTTPClient
import Foundation
import NIOCore

/// `HTTPTransport` over async-http-client.
public struct AsyncHTTPClientTransport: HTTPTransport {
    private let client: HTTPClient
    /// Replies larger than this are refused rather than buffered (no AWS reply we read comes close).
    private let maximumBodySize: Int

    /// Uses `client`, by default one shared by the process for AWS calls (no shutdown to manage).
    public init(client: HTTPClient = Self.sharedClient, maximumBodySize: Int = 64 << 20) {
        self.client = client
        self.maximumBodySize = maximumBodySize
    }

    /// The process's client for AWS calls. It fails a request at once when its connection cannot be
    /// made (async-http-client would try to connect again until the request's deadline, so an endpoint
    /// that refuses connections looked like a 20-second timeout per attempt): the retry policy
    /// retries it a few times with short waits, and the error says "connection refused".
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    public func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = .RAW(value: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == "POST" || request.method == "PUT" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        // async-http-client's deadline only covers the wait for the response head, and it is a
        // task on a NIO event loop that a busy process can run late. The race below against a
        // plain sleep is what bounds the whole exchange, head and body; the deadline stays as
        // the client's own guard for its connection pool.
        let deadline = NIODeadline.now() + .nanoseconds(nanoseconds)
        let client = self.client
        let prepared = outgoing
        let maximumBodySize = self.maximumBodySize
        let url = request.url
        return try await withThrowingTaskGroup(of: HTTPResponse?.self) { group in
            group.addTask {
                do {
                    let response = try await client.execute(prepared, deadline: deadline)
                    let body = try await response.body.collect(upTo: maximumBodySize)
                    return HTTPResponse(
                        status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                        body: Data(body.readableBytesView))
                } catch {
                    throw Self.classify(error, url: url)
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw AWSError(.timeout, "no complete reply from \(Self.place(url)) within \(timeout)")
            }
            return response
        }
    }

    /// Sorts a transport failure into timeout, connection failure (both retryable) or a
    /// configuration mistake (not retryable). Cancellation passes through untouched.
    static func classify(_ error: any Error, url: URL) -> any Error {
        if error is CancellationError { return error }
        let place = place(url)
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
        let text = "\(error)"
        if text.contains("Connection refused") || text.contains("errno: 111") {
            return AWSError(
                .connectionFailure,
                "cannot connect to \(place): connection refused (nothing listens there). Is the endpoint "
                    + "running (for a local one, is moto or LocalStack started?) and is AWS_ENDPOINT_URL right?",
                underlying: error)
        }
        return AWSError(.connectionFailure, "the connection to \(place) failed: \(error)", underlying: error)
    }

    private static func place(_ url: URL) -> String {
        "\(url.scheme ?? "?")://\(url.host ?? "?")\(url.port.map { ":\($0)" } ?? "")"
    }
}
