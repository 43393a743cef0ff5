public import SigV4

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (how Lambda hands
/// credentials to a function).
public struct EnvironmentCredentialProvider: CredentialProvider {
    private let environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }

    public func credentials() async throws -> Credentials {
        let key = environment["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = environment["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (key, secret) {
        case (nil, nil):
            throw AWSError(.credentialsNotFound, "environment: AWS_ACCESS_KEY_ID is not set")
        case (.some, nil):
            throw AWSError(
                .credentialsFailure, "environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, .some):
            throw AWSError(
                .credentialsFailure, "environment: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (.some(let key), .some(let secret)):
            let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
            return Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
        }
    }
}
