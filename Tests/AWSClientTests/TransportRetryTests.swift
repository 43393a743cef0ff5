import AWSClient
import Foundation
import Logging
import SigV4
import Synchronization
import TestSupport
import Testing

/// The executor over the real async-http-client transport against a loopback server that
/// misbehaves on purpose: throttling, 5xx, slow replies, dropped connections.
@Suite struct TransportRetryTests {
    static let secret = "test-secret-never-logged"

    /// An executor at `server` whose sleeps are recorded, not slept.
    static func executor(
        _ server: LoopbackHTTPServer, attempts: Int = 4, timeout: Duration = .seconds(5), sleeps: Sleeps = Sleeps(),
        logs: CapturedLogs = CapturedLogs(), clock: @escaping @Sendable () -> Date = { Date() }
    ) -> AWSRequestExecutor {
        var configuration = AWSConfiguration(region: "eu-west-1", endpointURL: server.url, requestTimeout: timeout)
        configuration.retry = RetryPolicy(
            maxAttempts: attempts, baseDelay: .milliseconds(100), maxDelay: .seconds(1), random: { 0.5 },
            sleep: { sleeps.record($0) })
        let credentials = Credentials(accessKeyID: "AKIATEST", secretAccessKey: secret, sessionToken: "session-tok")
        return AWSRequestExecutor(
            configuration: configuration, credentialProvider: StaticCredentialProvider(credentials),
            logger: Logger(label: "test") { _ in logs.handler() }, now: clock)
    }

    struct Input: Encodable { var TableName = "t" }
    struct Output: Decodable { var ok: Bool }

    @Test func throttlingIsRetriedWithJitteredBackoffThenSucceeds() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index < 2
                ? .json(
                    400,
                    #"{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}"#
                )
                : .json(200, #"{"ok":true}"#, headers: [("x-amzn-RequestId", "req-ok")])
        }
        defer { server.stop() }
        let sleeps = Sleeps()
        let output = try await Self.executor(server, sleeps: sleeps).json(
            .dynamoDB, "GetItem", Input(), as: Output.self)
        #expect(output.ok)
        #expect(server.requests.count == 3)
        // random() = 0.5 of a bound of 100 ms, then 200 ms.
        #expect(sleeps.values == [.milliseconds(50), .milliseconds(100)])
    }

    @Test func serverErrorsAreRetriedAndTheLastErrorIsReturnedAtTheCap() async throws {
        let server = try LoopbackHTTPServer { _, index in
            .json(
                503, #"{"__type":"ServiceUnavailable","message":"attempt \#(index + 1)"}"#,
                headers: [("x-amzn-RequestId", "req-\(index + 1)")])
        }
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await Self.executor(server, attempts: 3).json(.dynamoDB, "PutItem", Input(), as: Output.self)
        }
        #expect(server.requests.count == 3)
        #expect(error?.message == "attempt 3")
        #expect(error?.requestID == "req-3")
        #expect(error?.statusCode == 503)
        #expect(error?.operation == "DynamoDB.PutItem")
    }

    @Test func aSlowReplyTimesOutAndIsRetried() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? .stall : .json(200, #"{"ok":true}"#)
        }
        defer { server.stop() }
        let logs = CapturedLogs()
        let executor = Self.executor(server, timeout: .milliseconds(300), logs: logs)
        #expect(try await executor.json(.ssm, "SendCommand", Input(), as: Output.self).ok)
        #expect(server.requests.count == 2)
        #expect(logs.lines.contains { $0.contains("aws.error-code=RequestTimeout") })
    }

    @Test func aDroppedConnectionIsRetried() async throws {
        let server = try LoopbackHTTPServer { _, index in index < 2 ? .drop : .json(200, #"{"ok":true}"#) }
        defer { server.stop() }
        #expect(try await Self.executor(server).json(.cloudWatch, "GetMetricData", Input(), as: Output.self).ok)
        #expect(server.requests.count == 3)
    }

    @Test func aTimeoutAtTheCapIsReportedAsATimeout() async throws {
        let server = try LoopbackHTTPServer { _, _ in .stall }
        defer { server.stop() }
        let error = await #expect(throws: AWSError.self) {
            try await Self.executor(server, attempts: 2, timeout: .milliseconds(200)).json(
                .cloudWatch, "GetMetricData", Input(), as: Output.self)
        }
        #expect(error?.code == .timeout)
        #expect(server.requests.count == 2)
    }

    @Test func clientErrorsAreReturnedAtOnce() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(400, #"{"__type":"com.amazon.coral.validate#ValidationException","message":"bad key"}"#)
        }
        defer { server.stop() }
        let sleeps = Sleeps()
        let error = await #expect(throws: AWSError.self) {
            try await Self.executor(server, sleeps: sleeps).json(.dynamoDB, "Query", Input(), as: Output.self)
        }
        #expect(error?.code.rawValue == "ValidationException")
        #expect(server.requests.count == 1)
        #expect(sleeps.values.isEmpty)
    }

    @Test func retryAfterIsHonoured() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? .text(429, "", headers: [("Retry-After", "7")]) : .json(200, #"{"ok":true}"#)
        }
        defer { server.stop() }
        let sleeps = Sleeps()
        _ = try await Self.executor(server, sleeps: sleeps).json(.cloudWatch, "GetMetricData", Input(), as: Output.self)
        #expect(sleeps.values == [.seconds(7)])
    }

    @Test func everyAttemptIsSignedAfreshForTheRightService() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0 ? .text(500, "oops") : .json(200, #"{"ok":true}"#)
        }
        defer { server.stop() }
        let tick = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
        let clock: @Sendable () -> Date = {
            tick.withLock {
                $0 += 1
                return $0
            }
        }
        _ = try await Self.executor(server, clock: clock).json(
            .cloudWatchLogs, "FilterLogEvents", Input(), as: Output.self)
        let requests = server.requests
        #expect(requests.count == 2)
        for request in requests {
            #expect(request.method == "POST" && request.path == "/")
            #expect(request.header("X-Amz-Target") == "Logs_20140328.FilterLogEvents")
            #expect(request.header("Content-Type") == "application/x-amz-json-1.1")
            #expect(request.header("Host") == "127.0.0.1:\(server.port)")
            #expect(request.header("X-Amz-Security-Token") == "session-tok")
            let authorization = try #require(request.header("Authorization"))
            #expect(
                authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIATEST/20231114/eu-west-1/logs/aws4_request"))
            #expect(
                authorization.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"))
            #expect(String(decoding: request.body, as: UTF8.self) == #"{"TableName":"t"}"#)
        }
        #expect(requests[0].header("X-Amz-Date") != requests[1].header("X-Amz-Date"))
        #expect(requests[0].header("Authorization") != requests[1].header("Authorization"))
    }

    @Test func logsCarryTheRequestIDAndOperationButNoSecrets() async throws {
        let server = try LoopbackHTTPServer { _, index in
            index == 0
                ? .json(
                    400, #"{"__type":"ThrottlingException","message":"x"}"#, headers: [("x-amzn-RequestId", "rid-1")])
                : .json(200, #"{"ok":true}"#, headers: [("x-amzn-RequestId", "rid-2")])
        }
        defer { server.stop() }
        let logs = CapturedLogs()
        _ = try await Self.executor(server, logs: logs).json(.dynamoDB, "GetItem", Input(), as: Output.self)
        let text = logs.lines.joined(separator: "\n")
        #expect(text.contains("aws.request-id=rid-1") && text.contains("aws.request-id=rid-2"))
        #expect(text.contains("aws.operation=DynamoDB.GetItem"))
        #expect(!text.contains(Self.secret) && !text.contains("session-tok") && !text.contains("Signature="))
    }
}

/// Records the back-off waits instead of sleeping.
final class Sleeps: Sendable {
    private let recorded = Mutex<[Duration]>([])
    var values: [Duration] { recorded.withLock { $0 } }
    func record(_ duration: Duration) { recorded.withLock { $0.append(duration) } }
}
