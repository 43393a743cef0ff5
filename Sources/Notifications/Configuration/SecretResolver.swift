public import AWSClient
import Foundation

/// Turns a configured value into the secret it names: `ssm:/aiops/slack` is read from Parameter
/// Store (decrypted), `secretsmanager:NAME` from Secrets Manager, anything else is the value itself.
///
/// Values are read once, at start-up, and never logged; errors name the parameter, not its value.
public struct SecretResolver: Sendable {
    let makeExecutor: @Sendable () throws -> AWSRequestExecutor

    /// - Parameter makeExecutor: builds the AWS client, only when a value refers to AWS.
    public init(makeExecutor: @escaping @Sendable () throws -> AWSRequestExecutor) {
        self.makeExecutor = makeExecutor
    }

    /// The secret `value` names. `variable` names the setting in errors.
    public func resolve(_ value: String, variable: String) async throws -> String {
        let resolved: String
        do {
            if value.hasPrefix("ssm:") {
                resolved = try await SSMClient(executor: try makeExecutor()).parameterValue(
                    name: String(value.dropFirst(4)))
            } else if value.hasPrefix("secretsmanager:") {
                resolved = try await SecretsManagerClient(executor: try makeExecutor()).secretString(
                    id: String(value.dropFirst("secretsmanager:".count)))
            } else {
                return value
            }
        } catch {
            throw ChannelConfigurationError(
                "\(variable): cannot read \(value) (\(error)); check the name, the region and that this role may "
                    + "read it (ssm:GetParameter with kms:Decrypt, or secretsmanager:GetSecretValue)")
        }
        let trimmed = resolved.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ChannelConfigurationError("\(variable): \(value) is empty") }
        return trimmed
    }
}
