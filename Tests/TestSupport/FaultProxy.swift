public import Foundation
import Synchronization

/// A loopback proxy between the agent and moto that injects the faults AWS shows: throttling,
/// 500/503, replies slower than the client's timeout, and connections dropped before or after
/// the request reached moto.
///
/// Faults are deterministic: the plan names, per operation, the n-th distinct request (by body;
/// a retry resends the same body) and the faults its successive attempts get; an attempt past
/// the list is forwarded. The counts do not depend on timing, so the test replays exactly
/// whatever the machine's load (apart from retries the client makes on its own timeouts).
public final class FaultProxy: Sendable {
    /// What one attempt gets instead of a plain forward.
    public enum Fault: Sendable, Hashable, CustomStringConvertible {
        /// The service's throttling error (`ThrottlingException`, DynamoDB's
        /// `ProvisionedThroughputExceededException`, EC2's `RequestLimitExceeded`, SNS's `Throttling`).
        case throttle
        /// A bare 5xx (500 or 503) with the protocol's error body.
        case serverError(Int)
        /// No reply until the client gives up (its timeout).
        case slow
        /// The connection closes before the request is forwarded.
        case dropBeforeForwarding
        /// The request reaches moto, then the connection closes without a reply.
        case dropAfterForwarding
        /// A reply written by the test, moto not asked: for an operation moto lacks (CloudTrail's
        /// `LookupEvents`) or answers with nothing (`DescribeScalingActivities`), in the shape AWS
        /// documents.
        case reply(status: Int, body: String)

        public var description: String {
            switch self {
            case .throttle: "throttle"
            case .serverError(let status): "\(status)"
            case .slow: "slow"
            case .dropBeforeForwarding: "drop-before"
            case .dropAfterForwarding: "drop-after"
            case .reply(let status, _): "reply \(status)"
            }
        }
    }

    /// One injected fault, as the log shows it.
    public struct Injection: Sendable, Hashable {
        public var operation: String
        public var request: Int
        public var attempt: Int
        public var fault: Fault
    }

    /// Shared by the connection threads (a class: a `Mutex` cannot be captured by a closure).
    final class StateBox: Sendable {
        let mutex = Mutex(State())
        func withLock<T>(_ body: (inout State) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    struct State {
        /// Per operation: the bodies seen, in first-seen order, and the attempts of each.
        var bodies: [String: [Data: (index: Int, attempts: Int)]] = [:]
        var injected: [Injection] = []
        var forwarded: [String: Int] = [:]
    }

    /// The plan: operation → n-th distinct request (1-based) → the faults of its attempts.
    /// Operations are API names (`PutItem`, `GetMetricData`); a conditional `PutItem` is
    /// `PutItem/conditional`.
    public typealias Plan = [String: [Int: [Fault]]]

    private let server: LoopbackHTTPServer
    private let state: StateBox
    public var url: URL { server.url }

    public init(upstream: URL, plan: Plan) throws {
        let state = StateBox()
        let upstreamPort = upstream.port ?? 80
        server = try LoopbackHTTPServer { request, _ in
            let operation = Self.operation(of: request)
            let (index, attempt) = state.withLock { state -> (Int, Int) in
                var seen = state.bodies[operation, default: [:]]
                var entry = seen[request.body] ?? (index: seen.count + 1, attempts: 0)
                entry.attempts += 1
                seen[request.body] = entry
                state.bodies[operation] = seen
                return (entry.index, entry.attempts)
            }
            let faults = plan[operation]?[index] ?? []
            guard attempt <= faults.count else {
                return Self.forward(request, to: upstreamPort, operation: operation, state: state) ?? .drop
            }
            let fault = faults[attempt - 1]
            state.withLock {
                $0.injected.append(Injection(operation: operation, request: index, attempt: attempt, fault: fault))
            }
            switch fault {
            case .throttle: return Self.throttle(request, operation: operation)
            case .serverError(let status): return Self.serverError(request, status: status)
            case .slow: return .stall
            case .reply(let status, let body):
                let type = Self.isJSON(request) ? "application/x-amz-json-1.1" : "text/xml"
                return .respond(status: status, headers: [("Content-Type", type)], body: Data(body.utf8))
            case .dropBeforeForwarding: return .drop
            case .dropAfterForwarding:
                _ = Self.forward(request, to: upstreamPort, operation: operation, state: state)
                return .drop
            }
        }
        self.state = state
    }

    /// Every fault injected so far.
    public var injected: [Injection] { state.withLock { $0.injected } }
    /// Requests that reached moto, per operation.
    public var forwarded: [String: Int] { state.withLock { $0.forwarded } }

    public func stop() { server.stop() }

    /// The API operation: `X-Amz-Target`'s suffix (JSON protocols) or the form's `Action`.
    static func operation(of request: LoopbackHTTPServer.Request) -> String {
        let body = String(decoding: request.body, as: UTF8.self)
        if let target = request.header("X-Amz-Target"), let name = target.split(separator: ".").last {
            let conditional = name == "PutItem" && body.contains("ConditionExpression")
            return conditional ? "PutItem/conditional" : String(name)
        }
        for pair in body.split(separator: "&") where pair.hasPrefix("Action=") {
            return String(pair.dropFirst("Action=".count))
        }
        return "\(request.method) \(request.path)"
    }

    static func isJSON(_ request: LoopbackHTTPServer.Request) -> Bool { request.header("X-Amz-Target") != nil }

    static func throttle(_ request: LoopbackHTTPServer.Request, operation: String) -> LoopbackHTTPServer.Reply {
        if isJSON(request) {
            let dynamo = request.header("X-Amz-Target")?.hasPrefix("DynamoDB") == true
            let code =
                dynamo
                ? "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException" : "ThrottlingException"
            return .json(400, #"{"__type":"\#(code)","message":"Rate exceeded (injected)"}"#)
        }
        let body = String(decoding: request.body, as: UTF8.self)
        if body.contains("Version=2016-11-15") {
            return xml(
                503,
                "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded (injected)"
                    + "</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>")
        }
        return xml(
            400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded (injected)"
                + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
    }

    static func serverError(_ request: LoopbackHTTPServer.Request, status: Int) -> LoopbackHTTPServer.Reply {
        if isJSON(request) {
            return .json(status, #"{"__type":"InternalFailure","message":"injected \#(status)"}"#)
        }
        return xml(
            status,
            "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>injected \(status)"
                + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>")
    }

    static func xml(_ status: Int, _ text: String) -> LoopbackHTTPServer.Reply {
        .respond(status: status, headers: [("Content-Type", "text/xml")], body: Data(text.utf8))
    }

    /// Sends the request to moto as it came (headers, signature and all) and returns its reply;
    /// nil when moto cannot be reached.
    static func forward(
        _ request: LoopbackHTTPServer.Request, to port: Int, operation: String, state: StateBox
    ) -> LoopbackHTTPServer.Reply? {
        var head = "\(request.method) \(request.path) HTTP/1.1\r\n"
        for header in request.headers where !["connection", "content-length"].contains(header.name.lowercased()) {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(request.body.count)\r\nConnection: close\r\n\r\n"
        guard let raw = LoopbackSocket.exchange(port: port, Data(head.utf8) + request.body, timeoutSeconds: 300) else {
            return nil
        }
        state.withLock { $0.forwarded[operation, default: 0] += 1 }
        guard let end = raw.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let lines = String(decoding: raw[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        var headers: [(name: String, value: String)] = []
        var chunked = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            switch name.lowercased() {
            case "transfer-encoding": chunked = value.lowercased().contains("chunked")
            case "content-length", "connection", "keep-alive": continue
            default: headers.append((name, value))
            }
        }
        var body = Data(raw[end.upperBound...])
        if chunked { body = dechunk(body) }
        return .respond(status: status, headers: headers, body: body)
    }

    static func dechunk(_ data: Data) -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";").first
            guard let size = Int(sizeText.map(String.init) ?? "", radix: 16), size > 0 else { break }
            let start = lineEnd.upperBound
            guard rest.distance(from: start, to: rest.endIndex) >= size else { break }
            let stop = rest.index(start, offsetBy: size)
            out.append(rest[start..<stop])
            rest = rest[min(rest.index(stop, offsetBy: 2, limitedBy: rest.endIndex) ?? rest.endIndex, rest.endIndex)...]
        }
        return out
    }
}
