public import Foundation

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
        let head =
            "\(method) \(path) HTTP/1.1\r\nHost: \(host ?? "127.0.0.1:\(port)")\r\nContent-Length: \(body.count)\r\n"
            + headers.map { "\($0.0): \($0.1)\r\n" }.joined() + "Connection: close\r\n\r\n"
        let request = Data(head.utf8) + body
        guard let reply = LoopbackSocket.exchange(port: port, request, timeoutSeconds: timeoutSeconds) else {
            return nil
        }
        guard let end = reply.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let statusLine = String(decoding: reply[..<end.lowerBound], as: UTF8.self).split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        return (status, Data(reply[end.upperBound...]))
    }
}
