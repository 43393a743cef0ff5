import AWSClient
import Foundation
import Synchronization
import TestSupport
import Testing

/// The container endpoint and IMDSv2 have no real peer here: a loopback server plays them.
@Suite struct RemoteCredentialProviderTests {
    static let document = """
        {"Code":"Success","AccessKeyId":"ASIAREMOTE","SecretAccessKey":"remote-secret","Token":"remote-token",\
        "Expiration":"2030-01-02T03:04:05Z"}
        """
    let transport = AsyncHTTPClientTransport()

    @Test func containerFullURIWithTheTokenFromItsFile() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            request.header("Authorization") == "file-token" ? .json(200, Self.document) : .text(401, "no")
        }
        defer { server.stop() }
        let folder = try TemporaryDirectory("container")
        let tokenFile = try folder.write("token", "file-token\n")
        let provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.url)/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile.path,
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
            ], transport: transport)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAREMOTE")
        #expect(credentials.sessionToken == "remote-token")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_553_445))
        #expect(server.requests.map(\.path) == ["/v1/credentials"])
        #expect(server.requests.first?.method == "GET")
    }

    @Test func containerTokenFromTheEnvironmentAndRetriesOn500() async throws {
        let server = try LoopbackHTTPServer { request, index in
            guard request.header("Authorization") == "env-token" else { return .text(401, "no") }
            return index == 0 ? .text(500, "busy") : .json(200, Self.document)
        }
        defer { server.stop() }
        let provider = ContainerCredentialProvider(
            environment: [
                "AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.url)/creds",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
            ], transport: transport, retry: RetryPolicy(maxAttempts: 3, sleep: { _ in }))
        #expect(try await provider.credentials().accessKeyID == "ASIAREMOTE")
        #expect(server.requests.count == 2)
    }

    @Test func containerRefusesPlainHTTPToOtherHosts() async {
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://example.com/creds"],
            transport: RefusingTransport())
        let error = await #expect(throws: AWSError.self) { try await provider.credentials() }
        #expect(error?.code == .credentialsFailure)
        #expect(error?.message.contains("https") == true)
    }

    @Test func containerRelativeURIGoesToTheECSAgent() async throws {
        // No request is sent: the transport records and refuses, so nothing leaves the machine.
        let transport = RecordingRefusingTransport()
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc"], transport: transport,
            retry: .none)
        await #expect(throws: AWSError.self) { try await provider.credentials() }
        #expect(transport.urls == ["http://169.254.170.2/v2/credentials/abc"])
    }

    @Test func aBadReplyNeverQuotesTheBody() async throws {
        let server = try LoopbackHTTPServer { _, _ in
            .json(200, #"{"AccessKeyId":"AK","SecretAccessKey":"leaked-secret""#)
        }
        defer { server.stop() }
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(server.url)/creds"], transport: transport)
        let error = await #expect(throws: AWSError.self) { try await provider.credentials() }
        #expect(error?.code == .credentialsFailure)
        #expect(error.map { "\($0)" }?.contains("leaked-secret") == false)
    }

    @Test func imdsV2TakesATokenThenTheRoleThenItsCredentials() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            switch (request.method, request.path) {
            case ("PUT", "/latest/api/token"):
                guard request.header("X-aws-ec2-metadata-token-ttl-seconds") == "21600" else {
                    return .text(400, "ttl")
                }
                return .text(200, "imds-session-token")
            case ("GET", _) where request.header("X-aws-ec2-metadata-token") != "imds-session-token":
                return .text(401, "IMDSv1 is off")
            case ("GET", "/latest/meta-data/iam/security-credentials/"):
                return .text(200, "aiops-role\n")
            case ("GET", "/latest/meta-data/iam/security-credentials/aiops-role"):
                return .json(200, Self.document)
            default:
                return .text(404, "not found")
            }
        }
        defer { server.stop() }
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url.absoluteString], transport: transport)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "ASIAREMOTE")
        #expect(credentials.secretAccessKey == "remote-secret")
        #expect(
            server.requests.map { "\($0.method) \($0.path)" } == [
                "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/aiops-role",
            ])
    }

    @Test func imdsWithoutARoleOrWithoutAnswerIsNotConfigured() async throws {
        let noRole = try LoopbackHTTPServer { request, _ in
            request.method == "PUT" ? .text(200, "t") : .text(404, "")
        }
        defer { noRole.stop() }
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": noRole.url.absoluteString], transport: transport)
        let error = await #expect(throws: AWSError.self) { try await provider.credentials() }
        #expect(error?.code == .credentialsNotFound)

        let silent = try LoopbackHTTPServer { _, _ in .drop }
        defer { silent.stop() }
        let unreachable = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": silent.url.absoluteString], transport: transport,
            retry: RetryPolicy(maxAttempts: 2, sleep: { _ in }))
        let silence = await #expect(throws: AWSError.self) { try await unreachable.credentials() }
        #expect(silence?.code == .credentialsNotFound)
    }

    @Test func theCachedChainFallsThroughToIMDS() async throws {
        let server = try LoopbackHTTPServer { request, _ in
            switch request.path {
            case "/latest/api/token": return .text(200, "t")
            case "/latest/meta-data/iam/security-credentials/": return .text(200, "role")
            default: return .json(200, Self.document)
            }
        }
        defer { server.stop() }
        let chain = CredentialProviderChain.standard(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": server.url.absoluteString], files: SharedConfigFiles(),
            transport: transport)
        let cache = CachedCredentialProvider(chain)
        #expect(try await cache.credentials().accessKeyID == "ASIAREMOTE")
        #expect(try await cache.credentials().accessKeyID == "ASIAREMOTE")
        #expect(server.requests.count == 3, "the second call is served from the cache")
    }
}

/// Records the URLs it is asked for and refuses them all.
final class RecordingRefusingTransport: HTTPTransport {
    private let recorded = Mutex<[String]>([])
    var urls: [String] { recorded.withLock { $0 } }
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        recorded.withLock { $0.append(request.url.absoluteString) }
        throw AWSError(.connectionFailure, "refused by the test")
    }
}
