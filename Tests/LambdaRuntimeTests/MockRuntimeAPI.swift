import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// A Lambda Runtime API on loopback (port 0) for tests: hands out queued events to
/// `GET …/invocation/next` and records what the runtime posts back.
final class MockRuntimeAPI: Sendable {
    struct Posted: Sendable, Equatable {
        var requestID: String
        var body: String
        var errorType: String?
    }

    struct State {
        var queue: [(id: String, body: String, deadlineMs: Int64, trace: String?)] = []
        var waiters: [CheckedContinuation<Void, Never>] = []
        var responses: [Posted] = []
        var errors: [Posted] = []
        var initErrors: [Posted] = []
        var port: Int?
    }

    let state = Mutex(State())

    /// Queues an event; `deadlineIn` is the time the function has for it.
    func enqueue(id: String, body: String, deadlineIn: TimeInterval = 30, trace: String? = nil) {
        let deadline = Int64((Date().timeIntervalSince1970 + deadlineIn) * 1000)
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.queue.append((id, body, deadline, trace))
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    var responses: [Posted] { state.withLock { $0.responses } }
    var errors: [Posted] { state.withLock { $0.errors } }
    var initErrors: [Posted] { state.withLock { $0.initErrors } }

    /// Waits (bounded) until `condition` holds on the recorded state.
    func wait(timeout: TimeInterval = 60, until condition: @Sendable (State) -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if state.withLock({ condition($0) }) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private func nextEvent() async -> (id: String, body: String, deadlineMs: Int64, trace: String?) {
        while true {
            let event = state.withLock { state in state.queue.isEmpty ? nil : state.queue.removeFirst() }
            if let event { return event }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.queue.isEmpty { return true }
                    state.waiters.append(continuation)
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// Runs the server until the surrounding task is cancelled; `port` is set once it listens.
    func run() async throws {
        let router = Router()
        let base = "2018-06-01/runtime"
        router.get("\(base)/invocation/next") { _, _ -> Response in
            let event = await self.nextEvent()
            var headers: HTTPFields = [:]
            headers[HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!] = event.id
            headers[HTTPField.Name("Lambda-Runtime-Deadline-Ms")!] = String(event.deadlineMs)
            headers[HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!] =
                "arn:aws:lambda:us-east-1:123456789012:function:test"
            if let trace = event.trace { headers[HTTPField.Name("Lambda-Runtime-Trace-Id")!] = trace }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: event.body)))
        }
        router.post("\(base)/invocation/:id/response") { request, context -> HTTPResponse.Status in
            let body = try await String(buffer: request.body.collect(upTo: 10_000_000))
            let id = context.parameters.get("id") ?? ""
            self.state.withLock { $0.responses.append(Posted(requestID: id, body: body, errorType: nil)) }
            return .accepted
        }
        router.post("\(base)/invocation/:id/error") { request, context -> HTTPResponse.Status in
            let body = try await String(buffer: request.body.collect(upTo: 10_000_000))
            let id = context.parameters.get("id") ?? ""
            let type = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
            self.state.withLock { $0.errors.append(Posted(requestID: id, body: body, errorType: type)) }
            return .accepted
        }
        router.post("\(base)/init/error") { request, _ -> HTTPResponse.Status in
            let body = try await String(buffer: request.body.collect(upTo: 10_000_000))
            let type = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
            self.state.withLock { $0.initErrors.append(Posted(requestID: "", body: body, errorType: type)) }
            return .accepted
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in self.state.withLock { $0.port = channel.localAddress?.port } }
        )
        try await app.run()
    }

    /// Starts the server in `group` and returns `host:port` once it listens.
    func start(in group: inout ThrowingTaskGroup<Void, any Error>) async throws -> String {
        group.addTask { try await self.run() }
        for _ in 0..<500 {
            if let port = state.withLock({ $0.port }) { return "127.0.0.1:\(port)" }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CancellationError()
    }
}
