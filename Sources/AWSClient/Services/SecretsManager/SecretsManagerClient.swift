/// Secrets Manager over AWS JSON 1.1: reads a secret's current value.
public struct SecretsManagerClient: Sendable {
    private let executor: AWSRequestExecutor

    public init(executor: AWSRequestExecutor) { self.executor = executor }

    /// The `SecretString` of a secret (by name or ARN), its `AWSCURRENT` version.
    ///
    /// Never logged here; errors name the secret, not its value.
    public func secretString(id: String) async throws -> String {
        struct Input: Encodable { var SecretId: String }
        struct Output: Decodable { var SecretString: String? }
        let output = try await executor.json(
            .secretsManager, "GetSecretValue", Input(SecretId: id), as: Output.self)
        guard let value = output.SecretString else {
            throw AWSError(
                .invalidResponse, "the secret '\(id)' holds binary data, not a string: store the URL or key as text")
        }
        return value
    }
}
