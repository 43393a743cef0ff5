public import Logging

extension AWSRequestExecutor {
    /// The executor an entry point builds: configuration and the standard credential chain
    /// (cached) from `environment` and the shared files it names. The one place the AWS settings
    /// are read; pass the process environment in from `main`.
    public static func fromEnvironment(
        _ environment: [String: String], transport: any HTTPTransport = AsyncHTTPClientTransport(),
        logger: Logger = Logger(label: "aiops.aws")
    ) throws -> AWSRequestExecutor {
        let files = try SharedConfigFiles.load(environment: environment)
        let configuration = try AWSConfiguration.resolve(environment: environment, files: files)
        let chain = CredentialProviderChain.standard(environment: environment, files: files, transport: transport)
        return AWSRequestExecutor(
            configuration: configuration, credentialProvider: CachedCredentialProvider(chain, logger: logger),
            transport: transport, logger: logger)
    }
}
