import Foundation
import TestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Forwards every request to moto and keeps its form body: moto's `RebootInstances` leaves no
/// trace on the instance, so the test sees the reboot where EC2 would, in the call itself.
final class RecordingProxy: @unchecked Sendable {
    // @unchecked: `server` is immutable; the recorded bodies live in LoopbackHTTPServer's lock.
    private let server: LoopbackHTTPServer

    var url: URL { server.url }

    /// - Parameter oneAtATime: forwards one request at a time. moto's DynamoDB evaluates a
    ///   condition and writes the item without a lock while its server runs a thread per request,
    ///   so two concurrent conditional writes can both succeed there; real DynamoDB makes each
    ///   conditional write atomic. Serialising gives moto that property, so a test of concurrent
    ///   functions fails for the agent's reasons only.
    init(forwardingTo target: URL, oneAtATime: Bool = false) throws {
        let turn = oneAtATime ? NSLock() : nil
        server = try LoopbackHTTPServer { request, _ in
            guard let turn else { return Self.forward(request, to: target) }
            return turn.withLock { Self.forward(request, to: target) }
        }
    }

    deinit { server.stop() }

    /// The form bodies received, decoded to name → value.
    var calls: [[String: String]] {
        server.requests.map { request in
            var fields: [String: String] = [:]
            for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            return fields
        }
    }

    private static func forward(_ request: LoopbackHTTPServer.Request, to target: URL) -> LoopbackHTTPServer.Reply {
        guard let url = URL(string: request.path, relativeTo: target) else { return .drop }
        var forwarded = URLRequest(url: url)
        forwarded.httpMethod = request.method
        for header in request.headers
        where !["host", "content-length", "connection"].contains(header.name.lowercased()) {
            forwarded.addValue(header.value, forHTTPHeaderField: header.name)
        }
        forwarded.httpBody = request.body
        let result = Outcome()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: forwarded) { data, response, _ in
            result.set(data: data, response: response as? HTTPURLResponse)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 180) == .success, let (data, response) = result.get() else { return .drop }
        let type = response.value(forHTTPHeaderField: "Content-Type") ?? "text/xml"
        return .respond(status: response.statusCode, headers: [("Content-Type", type)], body: data)
    }

    private final class Outcome: @unchecked Sendable {
        // @unchecked: written once by URLSession's callback before the semaphore is signalled,
        // read after the wait; the lock makes the hand-over explicit.
        private let lock = NSLock()
        private var value: (Data, HTTPURLResponse)?

        func set(data: Data?, response: HTTPURLResponse?) {
            guard let response else { return }
            lock.withLock { value = (data ?? Data(), response) }
        }

        func get() -> (Data, HTTPURLResponse)? { lock.withLock { value } }
    }
}
