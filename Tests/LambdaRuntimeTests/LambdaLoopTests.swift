import Foundation
import LambdaRuntime
import Logging
import Synchronization
import Testing

/// A typed handler for the tests: echoes a greeting, fails on request, or overruns its deadline.
struct Greeter: LambdaHandler {
    struct Event: Decodable {
        var name: String
        var fail: Bool?
        var sleepMs: Int?
    }
    struct Output: Encodable { var greeting: String }
    struct Refused: Error, CustomStringConvertible { var description: String { "refused on request" } }

    func handle(_ event: Event, context: LambdaContext) async throws -> Output {
        if event.fail == true { throw Refused() }
        if let sleepMs = event.sleepMs { try await Task.sleep(for: .milliseconds(sleepMs)) }
        let trace = ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"] ?? "-"
        return Output(greeting: "hello \(event.name) [\(context.requestID)] trace=\(trace)")
    }
}

@Suite(.serialized) struct LambdaLoopTests {
    static let logger = Logger(label: "test")

    @Test func handlesReportsAndGoesOnOverHTTP() async throws {
        let api = MockRuntimeAPI()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let endpoint = try await api.start(in: &group)
            api.enqueue(id: "r1", body: #"{"name":"ada"}"#, trace: "Root=1-abc")
            api.enqueue(id: "r2", body: "{not json")
            api.enqueue(id: "r3", body: #"{"name":"bob","fail":true}"#)
            api.enqueue(id: "r4", body: #"{"name":"cy","sleepMs":5000}"#, deadlineIn: 0.5)
            api.enqueue(id: "r5", body: #"{"name":"dee"}"#)
            let loop = LambdaLoop(client: HTTPRuntimeClient(endpoint: endpoint), logger: Self.logger)
            try await loop.run(Greeter(), maxInvocations: 5)
            group.cancelAll()
        }
        #expect(api.responses.map(\.requestID) == ["r1", "r5"])
        #expect(api.responses.first?.body.contains("hello ada [r1] trace=Root=1-abc") == true)
        #expect(api.responses.last?.body.contains("trace=-") == true)
        let errors = Dictionary(uniqueKeysWithValues: api.errors.map { ($0.requestID, $0) })
        #expect(errors["r2"]?.errorType == "InvalidEvent")
        #expect(errors["r2"]?.body.contains("errorMessage") == true)
        #expect(errors["r3"]?.errorType == "Refused")
        #expect(errors["r3"]?.body.contains("refused on request") == true)
        #expect(errors["r4"]?.errorType == "Timeout")
    }

    @Test func reportsInitFailure() async throws {
        struct BadConfig: Error, CustomStringConvertible { var description: String { "AIOPS_TABLE is empty" } }
        let api = MockRuntimeAPI()
        try await withThrowingTaskGroup(of: Void.self) { group in
            let endpoint = try await api.start(in: &group)
            let loop = LambdaLoop(client: HTTPRuntimeClient(endpoint: endpoint), logger: Self.logger)
            await loop.reportInitFailure(BadConfig())
            group.cancelAll()
        }
        #expect(api.initErrors.count == 1)
        #expect(api.initErrors.first?.errorType == "BadConfig")
        #expect(api.initErrors.first?.body.contains("AIOPS_TABLE is empty") == true)
    }
}
