public import AWSClient

extension AWSRequestExecutor {
    /// The same executor sending through `transport` (a counting or serializing wrapper).
    public func with(transport: any HTTPTransport) -> AWSRequestExecutor {
        AWSRequestExecutor(
            configuration: configuration, credentialProvider: credentialProvider, transport: transport, logger: logger)
    }

    /// The same executor with another request timeout.
    public func with(requestTimeout: Duration) -> AWSRequestExecutor {
        var configuration = configuration
        configuration.requestTimeout = requestTimeout
        return AWSRequestExecutor(
            configuration: configuration, credentialProvider: credentialProvider, transport: transport, logger: logger)
    }
}
