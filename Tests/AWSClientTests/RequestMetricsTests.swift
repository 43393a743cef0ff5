import AWSClient
import Foundation
import MetricsTestKit
import TestSupport
import Testing

/// The AWS calls' metrics (docs/observability.md), read from a factory of the test's own: the
/// process-wide swift-metrics bootstrap is never touched, so suites running beside it do not mix in.
@Suite struct RequestMetricsTests {
    struct Input: Encodable { var TableName = "t" }
    struct Output: Decodable { var ok: Bool }

    @Test func throttledAttemptsAreCountedAsRetriesAndThrottlesAndTheCallOnce() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index < 2
                ? .json(400, #"{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"slow"}"#)
                : .json(200, #"{"ok":true}"#)
        }
        defer { server.stop() }
        let metrics = TestMetrics()
        var executor = TransportRetryTests.executor(server)
        executor.metricsFactory = metrics
        _ = try await executor.json(.dynamoDB, "GetItem", Input(), as: Output.self)

        let call = [("service", AWSService.dynamoDB.name), ("operation", "GetItem")]
        #expect(metrics.counterTotal(label: "aiops_aws_requests_total") == 1)
        #expect(try metrics.expectCounter("aiops_aws_requests_total", call + [("outcome", "success")]).totalValue == 1)
        #expect(try metrics.expectCounter("aiops_aws_retries_total", call).totalValue == 2)
        #expect(try metrics.expectCounter("aiops_aws_throttles_total", call).totalValue == 2)
        #expect(try metrics.expectTimer("aiops_aws_request_duration_seconds", call).values.count == 1)
    }

    @Test func aCallThrottledToTheLastAttemptEndsAsThrottled() async throws {
        let server = try LoopbackHTTPServer { _, _ in .json(429, #"{"__type":"TooManyRequestsException"}"#) }
        defer { server.stop() }
        let metrics = TestMetrics()
        var executor = TransportRetryTests.executor(server, attempts: 2)
        executor.metricsFactory = metrics
        await #expect(throws: AWSError.self) {
            try await executor.json(.dynamoDB, "PutItem", Input(), as: Output.self)
        }
        let call = [("service", AWSService.dynamoDB.name), ("operation", "PutItem")]
        let recorded = metrics.counters(label: "aiops_aws_requests_total").map { "\($0.dimensions)" }
        #expect(
            metrics.counterTotal(label: "aiops_aws_requests_total", dimensions: call + [("outcome", "throttled")]) == 1,
            "\(recorded)")
        #expect(metrics.counterTotal(label: "aiops_aws_retries_total", dimensions: call) == 1, "\(recorded)")
        #expect(metrics.counters(label: "aiops_aws_requests_total").count == 1, "\(recorded)")
    }
}
