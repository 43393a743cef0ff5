import AWSClient
import Foundation
import Logging
import SigV4
import TestSupport
import Testing

/// Expired credentials and a skewed clock, answered by a loopback server as AWS answers them:
/// the executor fetches new credentials or corrects its signing time, and retries once.
@Suite struct CredentialsAndClockTests {
    struct Input: Encodable { var TableName = "t" }
    struct Output: Decodable { var ok: Bool }

    /// Our clock; AWS's is two hours ahead in the skew tests.
    static let local = Date(timeIntervalSince1970: 1_790_000_000)

    static func executor(
        _ server: LoopbackHTTPServer, provider: any CredentialProvider, sleeps: Sleeps = Sleeps(),
        logs: CapturedLogs = CapturedLogs()
    ) -> AWSRequestExecutor {
        var configuration = AWSConfiguration(region: "eu-west-1", endpointURL: server.url)
        configuration.retry = RetryPolicy(maxAttempts: 3, random: { 0.5 }, sleep: { sleeps.record($0) })
        // These tests count requests: on a loaded 2-core run a reply can wait past the 20-second
        // default, and the retry of that timeout would be counted as one of the retries under test.
        configuration.requestTimeout = .seconds(300)
        return AWSRequestExecutor(
            configuration: configuration, credentialProvider: provider,
            logger: Logger(label: "test") { _ in logs.handler() }, now: { local })
    }

    static func counting() -> CountingProvider {
        CountingProvider {
            Credentials(
                accessKeyID: "AKIAFETCH\($0)", secretAccessKey: "secret-\($0)", sessionToken: "token-\($0)",
                expiration: local.addingTimeInterval(6 * 3600))
        }
    }

    /// `date` in UTC as `pattern` says (HTTP's `Date`, SigV4's `X-Amz-Date`).
    static func utc(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    static func httpDate(_ date: Date) -> String { utc(date, "EEE, dd MMM yyyy HH:mm:ss 'GMT'") }
    static func amzDate(_ date: Date) -> String { utc(date, "yyyyMMdd'T'HHmmss'Z'") }

    @Test(arguments: ["ExpiredTokenException", "ExpiredToken", "RequestExpired"])
    func anExpiredTokenFetchesNewCredentialsAndRetriesOnce(code: String) async throws {
        let server = try LoopbackHTTPServer { request, _ in
            (request.header("X-Amz-Security-Token") ?? "") == "token-1"
                ? .json(
                    400,
                    #"{"__type":"com.amazonaws.dynamodb.v20120810#\#(code)","message":"The security token included in the request is expired"}"#
                )
                : .json(200, #"{"ok":true}"#)
        }
        defer { server.stop() }
        let source = Self.counting()
        let sleeps = Sleeps()
        let output = try await Self.executor(
            server, provider: CachedCredentialProvider(source, now: { Self.local }), sleeps: sleeps
        )
        .json(.dynamoDB, "GetItem", Input(), as: Output.self)
        #expect(output.ok)
        #expect(source.count == 2, "the cached credentials were dropped and fetched again")
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.header("Authorization")?.contains("Credential=AKIAFETCH2/") == true)
        #expect(sleeps.values.isEmpty, "retried at once, not after a back-off")
    }

    @Test func credentialsThatStayExpiredAreRetriedOnlyOnce() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(
                400,
                #"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#
            )
        }
        defer { server.stop() }
        let source = Self.counting()
        let error = await #expect(throws: AWSError.self) {
            try await Self.executor(server, provider: CachedCredentialProvider(source, now: { Self.local }))
                .json(.dynamoDB, "GetItem", Input(), as: Output.self)
        }
        #expect(error?.code == "ExpiredTokenException")
        #expect(server.requests.count == 2)
        #expect(source.count == 2)
    }

    /// AWS two hours ahead: it refuses what is not signed within 15 minutes of its own time and
    /// says its time in `Date`.
    static func skewedServer(code: String, message: String, status: Int = 403) throws -> LoopbackHTTPServer {
        let aws = local.addingTimeInterval(2 * 3600)
        return try LoopbackHTTPServer { request, _ in
            let signedAt = request.header("X-Amz-Date") ?? ""
            let near = (-900...900).contains { signedAt == amzDate(aws.addingTimeInterval(Double($0))) }
            return near
                ? .json(200, #"{"ok":true}"#)
                : .json(status, #"{"__type":"\#(code)","message":"\#(message)"}"#, headers: [("Date", httpDate(aws))])
        }
    }

    @Test(arguments: [
        ("RequestTimeTooSkewed", "The difference between the request time and the current time is too large."),
        ("InvalidSignatureException", "Signature expired: 20260921T000000Z is now earlier than 20260921T014500Z"),
        ("SignatureDoesNotMatch", "Signature not yet current: 20260921T000000Z is still later than 20260921T000500Z"),
    ])
    func aSkewedClockIsCorrectedFromTheReplysDate(code: String, message: String) async throws {
        let server = try Self.skewedServer(code: code, message: message)
        defer { server.stop() }
        let logs = CapturedLogs()
        let executor = Self.executor(
            server, provider: StaticCredentialProvider(Credentials(accessKeyID: "AKIA", secretAccessKey: "s")),
            logs: logs)
        #expect(try await executor.json(.dynamoDB, "GetItem", Input(), as: Output.self).ok)
        #expect(server.requests.count == 2)
        #expect(server.requests.last?.header("X-Amz-Date") == Self.amzDate(Self.local.addingTimeInterval(7200)))
        #expect(logs.lines.contains { $0.contains("aws.clock-offset-s=7200") })
        // The correction stays: the next call is signed right the first time.
        #expect(try await executor.json(.dynamoDB, "GetItem", Input(), as: Output.self).ok)
        #expect(server.requests.count == 3)
    }

    @Test func aWrongSignatureThatIsNotAboutTimeIsNotRetried() async throws {
        let server = try Self.skewedServer(
            code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match")
        defer { server.stop() }
        let executor = Self.executor(
            server, provider: StaticCredentialProvider(Credentials(accessKeyID: "AKIA", secretAccessKey: "s")))
        let error = await #expect(throws: AWSError.self) {
            try await executor.json(.dynamoDB, "GetItem", Input(), as: Output.self)
        }
        #expect(error?.code == "SignatureDoesNotMatch")
        #expect(server.requests.count == 1)
    }
}
