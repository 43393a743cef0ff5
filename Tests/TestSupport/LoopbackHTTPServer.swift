public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, for the peers that cannot run here
/// (the EC2 metadata service, the container credentials endpoint) and for fault injection
/// (throttling replies, 500s, slow replies, dropped connections).
///
/// One thread per connection, one request per connection (`Connection: close`): simple enough to
/// trust, and the clients under test must cope with closed connections anyway.
public final class LoopbackHTTPServer: @unchecked Sendable {
    // @unchecked: the mutable state (`recorded`, `stopped`) is only touched under `lock`; the
    // socket descriptors are plain integers used by the accept and connection threads.

    /// A request as the server read it.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(name: String, value: String)]
        public var body: Data

        public func header(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// What to do with a request.
    public indirect enum Reply: Sendable {
        case respond(status: Int, headers: [(name: String, value: String)], body: Data)
        /// Waits, then does `then` (a client with a shorter timeout gives up first).
        case delay(seconds: Double, then: Reply)
        /// Closes the connection without a byte of reply.
        case drop
        /// Never replies: holds the connection until the client gives up and closes it (or a
        /// minute passes). Unlike a long `delay`, no reply can win a race with the client's
        /// timeout on a loaded machine.
        case stall

        public static func json(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> Reply {
            .respond(
                status: status, headers: [("Content-Type", "application/x-amz-json-1.0")] + headers,
                body: Data(text.utf8))
        }

        public static func text(_ status: Int, _ text: String, headers: [(name: String, value: String)] = []) -> Reply {
            .respond(status: status, headers: [("Content-Type", "text/plain")] + headers, body: Data(text.utf8))
        }
    }

    public let port: Int
    public var url: URL { URL(string: "http://127.0.0.1:\(port)")! }

    private let listener: Int32
    private let handler: @Sendable (Request, Int) -> Reply
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopped = false

    /// Starts listening; `handler` answers each request, given with its 0-based arrival index
    /// (called on a connection thread).
    public init(handler: @escaping @Sendable (Request, Int) -> Reply) throws {
        self.handler = handler
        guard let (fd, port) = LoopbackSocket.openListener() else { throw CocoaError(.fileWriteUnknown) }
        listener = fd
        self.port = port
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// Every request received so far, in arrival order.
    public var requests: [Request] { lock.withLock { recorded } }

    /// Stops accepting; connections in progress finish on their own.
    public func stop() {
        let wasStopped = lock.withLock {
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        guard let request = readRequest(client) else { return }
        let index = lock.withLock {
            recorded.append(request)
            return recorded.count - 1
        }
        var reply = handler(request, index)
        while case .delay(let seconds, let then) = reply {
            Thread.sleep(forTimeInterval: seconds)
            reply = then
        }
        if case .stall = reply {
            var timeout = timeval(tv_sec: 1, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var byte: UInt8 = 0
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let count = recv(client, &byte, 1, 0)
                if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return }
            }
            return
        }
        guard case .respond(let status, let headers, let body) = reply else { return }
        var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
        for header in headers { head += "\(header.name): \(header.value)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        LoopbackSocket.sendAll(client, Data(head.utf8) + body)
    }

    private func readRequest(_ client: Int32) -> Request? {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let separator = Data("\r\n\r\n".utf8)
        var headEnd: Range<Data.Index>?
        var expected = 0
        while true {
            if let headEnd, buffer.count - headEnd.upperBound >= expected { break }
            let count = recv(client, &chunk, chunk.count, 0)
            guard count > 0 else { return nil }
            buffer.append(contentsOf: chunk[0..<count])
            if headEnd == nil, let range = buffer.range(of: separator) {
                headEnd = range
                let head = String(decoding: buffer[..<range.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst()
                where line.lowercased().hasPrefix("content-length:") {
                    expected = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
        }
        guard let headEnd else { return nil }
        let lines = String(decoding: buffer[..<headEnd.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers: [(name: String, value: String)] = lines.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Request(
            method: String(requestLine[0]), path: String(requestLine[1]), headers: headers,
            body: Data(buffer[headEnd.upperBound...].prefix(expected)))
    }
}
