import Foundation
import TestSupport

/// The Lambda Runtime API on loopback (port 0), for the `bootstrap` subprocess: hands queued
/// events to `GET …/invocation/next` (holding the request until one is queued, as Lambda does)
/// and records what the function posts back.
final class RuntimeAPIServer: @unchecked Sendable {
    // @unchecked: all mutable state lives in `State`, guarded by its condition lock.

    /// A response, an error report or an init error, as posted by the function.
    struct Posted: Sendable {
        enum Kind: Sendable { case response, error, initError }
        var kind: Kind
        var requestID: String
        var body: String
        var errorType: String?
        /// When it arrived (for the cold-start figure; never asserted on).
        var at: Date
    }

    private final class State: @unchecked Sendable {
        // @unchecked: every field is read and written with `condition` locked.
        let condition = NSCondition()
        var queue: [(id: String, body: String, deadlineMs: Int64)] = []
        var posted: [Posted] = []
        var handedOut: [String: Date] = [:]
        var stopped = false
    }

    private let state = State()
    private let server: LoopbackHTTPServer

    /// The X-Ray trace header of every invocation (`Lambda-Runtime-Trace-Id`), as Lambda sends it
    /// when the function has an X-Ray segment: the trace root, the segment (parent), sampled.
    static let xrayTraceHeader = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"

    /// The value of `AWS_LAMBDA_RUNTIME_API` for the function.
    var endpoint: String { "127.0.0.1:\(server.port)" }

    init() throws {
        let state = self.state
        server = try LoopbackHTTPServer { request, _ in Self.reply(to: request, state: state) }
    }

    deinit { stop() }

    /// Stops handing out events; a function waiting for one gets an error and exits.
    func stop() {
        state.condition.lock()
        state.stopped = true
        state.condition.broadcast()
        state.condition.unlock()
        server.stop()
    }

    /// Queues an event; the function has `deadlineIn` seconds for it.
    func enqueue(_ body: String, id: String = UUID().uuidString.lowercased(), deadlineIn: TimeInterval = 300) {
        state.condition.lock()
        state.queue.append((id, body, Int64((Date().timeIntervalSince1970 + deadlineIn) * 1000)))
        state.condition.broadcast()
        state.condition.unlock()
    }

    /// Queues an event and waits (bounded) for the function's response or error for it.
    func invoke(_ body: String, timeout: TimeInterval = 600) -> Posted? {
        let id = UUID().uuidString.lowercased()
        enqueue(body, id: id)
        return wait(timeout: timeout) { $0.first { $0.requestID == id && $0.kind != .initError } }
    }

    /// Everything posted so far.
    var posted: [Posted] {
        state.condition.lock()
        defer { state.condition.unlock() }
        return state.posted
    }

    /// When the event with `id` was handed to the function.
    func handedOut(_ id: String) -> Date? {
        state.condition.lock()
        defer { state.condition.unlock() }
        return state.handedOut[id]
    }

    /// Waits until `find` finds something in what was posted, or `timeout` passes.
    func wait<T>(timeout: TimeInterval, _ find: ([Posted]) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        state.condition.lock()
        defer { state.condition.unlock() }
        while true {
            if let found = find(state.posted) { return found }
            if Date() >= deadline { return nil }
            _ = state.condition.wait(until: min(deadline, Date().addingTimeInterval(1)))
        }
    }

    private static func reply(to request: LoopbackHTTPServer.Request, state: State) -> LoopbackHTTPServer.Reply {
        let base = "/2018-06-01/runtime/"
        guard request.path.hasPrefix(base) else { return .text(404, "not a Runtime API path") }
        let route = request.path.dropFirst(base.count).split(separator: "/").map(String.init)
        let body = String(decoding: request.body, as: UTF8.self)
        let errorType = request.header("Lambda-Runtime-Function-Error-Type")
        switch (request.method, route.count, route.first, route.last) {
        case ("GET", 2, "invocation", "next"):
            return next(state: state)
        case ("POST", 3, "invocation", "response"):
            record(Posted(kind: .response, requestID: route[1], body: body, errorType: nil, at: Date()), state)
            return .text(202, "")
        case ("POST", 3, "invocation", "error"):
            record(Posted(kind: .error, requestID: route[1], body: body, errorType: errorType, at: Date()), state)
            return .text(202, "")
        case ("POST", 2, "init", "error"):
            record(Posted(kind: .initError, requestID: "", body: body, errorType: errorType, at: Date()), state)
            return .text(202, "")
        default:
            return .text(404, "unknown Runtime API route \(request.method) \(request.path)")
        }
    }

    private static func next(state: State) -> LoopbackHTTPServer.Reply {
        state.condition.lock()
        defer { state.condition.unlock() }
        while state.queue.isEmpty && !state.stopped { state.condition.wait() }
        guard !state.stopped else { return .text(500, "the test is over") }
        let event = state.queue.removeFirst()
        state.handedOut[event.id] = Date()
        return .respond(
            status: 200,
            headers: [
                ("Content-Type", "application/json"), ("Lambda-Runtime-Aws-Request-Id", event.id),
                ("Lambda-Runtime-Deadline-Ms", String(event.deadlineMs)),
                ("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:aiops-test"),
                ("Lambda-Runtime-Trace-Id", Self.xrayTraceHeader),
            ],
            body: Data(event.body.utf8))
    }

    private static func record(_ posted: Posted, _ state: State) {
        state.condition.lock()
        state.posted.append(posted)
        state.condition.broadcast()
        state.condition.unlock()
    }
}
