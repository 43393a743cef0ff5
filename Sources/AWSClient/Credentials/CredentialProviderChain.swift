public import SigV4

/// Tries providers in order and returns the first credentials found.
///
/// A provider that is not configured (`.credentialsNotFound`) passes to the next; one that is
/// configured but fails stops the chain with its error, so a typo in a profile is reported rather
/// than silently replaced by the instance role.
public struct CredentialProviderChain: CredentialProvider {
    public let providers: [any CredentialProvider]

    public init(_ providers: [any CredentialProvider]) { self.providers = providers }

    /// The SDKs' order: environment, the shared files' profile, the container endpoint, then the
    /// instance metadata service.
    public static func standard(
        environment: [String: String], files: SharedConfigFiles, transport: any HTTPTransport
    ) -> CredentialProviderChain {
        CredentialProviderChain([
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(files: files),
            ContainerCredentialProvider(environment: environment, transport: transport),
            InstanceMetadataCredentialProvider(environment: environment, transport: transport),
        ])
    }

    public func credentials() async throws -> Credentials {
        var tried: [String] = []
        for provider in providers {
            do {
                return try await provider.credentials()
            } catch let error as AWSError where error.code == .credentialsNotFound {
                tried.append(error.message)
            }
        }
        throw AWSError(.credentialsNotFound, "no AWS credentials found; tried: " + tried.joined(separator: "; "))
    }
}
