import AWSClient
import Foundation
import SigV4
import Synchronization
import Testing

@Suite struct CredentialProviderTests {
    @Test func environmentKeysWithTheLambdaSessionToken() async throws {
        let provider = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "secret-env", "AWS_SESSION_TOKEN": "token-env",
        ])
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "AKIAENV")
        #expect(credentials.secretAccessKey == "secret-env")
        #expect(credentials.sessionToken == "token-env")
    }

    @Test func halfConfiguredEnvironmentIsAFailureNotAnAbsence() async {
        let error = await #expect(throws: AWSError.self) {
            try await EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKIAENV"]).credentials()
        }
        #expect(error?.code == .credentialsFailure)
        let absent = await #expect(throws: AWSError.self) {
            try await EnvironmentCredentialProvider(environment: [:]).credentials()
        }
        #expect(absent?.code == .credentialsNotFound)
    }

    @Test func profileKeysComeFromTheCredentialsFileFirst() async throws {
        let files = SharedConfigFiles(
            config: ["ops": ["aws_access_key_id": "AKCONFIG", "aws_secret_access_key": "c"]],
            credentials: [
                "ops": ["aws_access_key_id": "AKCREDS", "aws_secret_access_key": "s", "aws_session_token": "t"]
            ],
            profile: "ops")
        let credentials = try await ProfileCredentialProvider(files: files).credentials()
        #expect(credentials.accessKeyID == "AKCREDS")
        #expect(credentials.sessionToken == "t")
    }

    @Test func profileProblemsAreNamed() async {
        let missing = SharedConfigFiles(profile: "nope", profileIsExplicit: true)
        let error = await #expect(throws: AWSError.self) {
            try await ProfileCredentialProvider(files: missing).credentials()
        }
        #expect(error?.code == .credentialsFailure)
        #expect(error?.message.contains("'nope'") == true)
        let role = SharedConfigFiles(config: ["default": ["role_arn": "arn:aws:iam::1:role/x", "source_profile": "a"]])
        let roleError = await #expect(throws: AWSError.self) {
            try await ProfileCredentialProvider(files: role).credentials()
        }
        #expect(roleError?.message.contains("role_arn") == true)
        let implicit = await #expect(throws: AWSError.self) {
            try await ProfileCredentialProvider(files: SharedConfigFiles()).credentials()
        }
        #expect(implicit?.code == .credentialsNotFound)
    }

    @Test func theChainTakesTheFirstConfiguredSourceAndListsWhatItTried() async throws {
        let files = SharedConfigFiles(credentials: [
            "default": ["aws_access_key_id": "AKFILE", "aws_secret_access_key": "f"]
        ])
        let quiet = ["AWS_EC2_METADATA_DISABLED": "true"]
        let transport = RefusingTransport()
        let fromFile = CredentialProviderChain.standard(environment: quiet, files: files, transport: transport)
        #expect(try await fromFile.credentials().accessKeyID == "AKFILE")
        let environment = quiet.merging(["AWS_ACCESS_KEY_ID": "AKENV", "AWS_SECRET_ACCESS_KEY": "e"]) { $1 }
        let fromEnvironment = CredentialProviderChain.standard(
            environment: environment, files: files, transport: transport)
        #expect(try await fromEnvironment.credentials().accessKeyID == "AKENV")

        let nothing = CredentialProviderChain.standard(
            environment: quiet, files: SharedConfigFiles(), transport: transport)
        let error = await #expect(throws: AWSError.self) { try await nothing.credentials() }
        #expect(error?.code == .credentialsNotFound)
        for source in ["environment", "profile 'default'", "container", "instance metadata"] {
            #expect(error?.message.contains(source) == true, "\(error?.message ?? "")")
        }
        #expect(transport.calls == 0, "no network when nothing is configured and IMDS is disabled")
    }

    @Test func theCacheRefreshesBeforeExpiryAndSharesOneFetch() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_000_000))
        let source = CountingProvider { count in
            Credentials(
                accessKeyID: "AK\(count)", secretAccessKey: "s", sessionToken: "t",
                expiration: Date(timeIntervalSince1970: 1_000_000 + 3600 * Double(count)))
        }
        let cache = CachedCredentialProvider(source, refreshBefore: .seconds(300), now: { clock.withLock { $0 } })
        async let first = cache.credentials()
        async let second = cache.credentials()
        let (a, b) = try await (first, second)
        #expect(a.accessKeyID == "AK1" && b.accessKeyID == "AK1")
        #expect(source.count == 1)

        clock.withLock { $0 += 3600 - 301 }  // still more than 5 minutes left
        #expect(try await cache.credentials().accessKeyID == "AK1")
        clock.withLock { $0 += 2 }  // inside the refresh window
        #expect(try await cache.credentials().accessKeyID == "AK2")
        #expect(source.count == 2)
    }

    @Test func aFailedRefreshKeepsCredentialsThatStillWork() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 0))
        let source = CountingProvider { count in
            guard count == 1 else { throw AWSError(.credentialsFailure, "metadata service blip") }
            return Credentials(accessKeyID: "AK1", secretAccessKey: "s", expiration: Date(timeIntervalSince1970: 600))
        }
        let cache = CachedCredentialProvider(source, now: { clock.withLock { $0 } })
        #expect(try await cache.credentials().accessKeyID == "AK1")
        clock.withLock { $0 = Date(timeIntervalSince1970: 400) }  // refresh due, old ones valid
        #expect(try await cache.credentials().accessKeyID == "AK1")
        clock.withLock { $0 = Date(timeIntervalSince1970: 700) }  // expired: the failure shows
        await #expect(throws: AWSError.self) { try await cache.credentials() }
    }

    @Test func errorsAndDescriptionsNeverCarrySecrets() async throws {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let files = SharedConfigFiles(credentials: ["default": ["aws_secret_access_key": secret]])
        let error = await #expect(throws: AWSError.self) {
            try await ProfileCredentialProvider(files: files).credentials()
        }
        #expect(error.map { "\($0)" }?.contains(secret) == false)
        let credentials = try await StaticCredentialProvider(
            Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: secret, sessionToken: "tok-secret")
        ).credentials()
        #expect(!"\(credentials)".contains(secret) && !"\(credentials)".contains("tok-secret"))
    }
}

/// Counts fetches; `make` gets the 1-based fetch number.
final class CountingProvider: CredentialProvider {
    private let counter = Mutex(0)
    private let make: @Sendable (Int) throws -> Credentials
    init(_ make: @escaping @Sendable (Int) throws -> Credentials) { self.make = make }
    var count: Int { counter.withLock { $0 } }
    func credentials() async throws -> Credentials {
        let number = counter.withLock {
            $0 += 1
            return $0
        }
        try await Task.sleep(for: .milliseconds(20))  // long enough for a second caller to arrive
        return try make(number)
    }
}

/// A transport that must not be used; counts attempts.
final class RefusingTransport: HTTPTransport {
    private let counter = Mutex(0)
    var calls: Int { counter.withLock { $0 } }
    func send(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        counter.withLock { $0 += 1 }
        throw AWSError(.connectionFailure, "refused by the test")
    }
}
