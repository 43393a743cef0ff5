public import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A blocking one-shot HTTP/1.1 client for loopback peers in tests (readiness probes, moto's
/// reset), with no dependency on the code under test.
public enum LoopbackHTTPClient {
    /// Sends `method path` to 127.0.0.1:`port` and returns the status and body; nil when nothing
    /// answers. `host` replaces the `Host` header (as a browser sends a DNS-rebound name);
    /// `headers` are added as given.
    public static func request(
        port: Int, method: String = "GET", path: String = "/", body: Data = Data(), timeoutSeconds: Int = 5,
        host: String? = nil, headers: [(String, String)] = []
    ) -> (status: Int, body: Data)? {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return nil }
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nContent-Length: \(body.count)\r\n"
            + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Connection: close\r\n\r\n"
        let request = Data(head.utf8) + body
        // MSG_NOSIGNAL: a peer that closed early must give an error, not a SIGPIPE that kills the tests.
        #if canImport(Glibc)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
        guard sent == request.count else { return nil }
        var reply = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { break }
            reply.append(contentsOf: chunk[0..<count])
        }
        guard let end = reply.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let statusLine = String(decoding: reply[..<end.lowerBound], as: UTF8.self).split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        return (status, Data(reply[end.upperBound...]))
    }

    /// A port nothing listens on right now (bound then released).
    public static func freePort() -> Int? {
        guard let server = try? LoopbackHTTPServer(handler: { _, _ in .drop }) else { return nil }
        defer { server.stop() }
        return server.port
    }
}
