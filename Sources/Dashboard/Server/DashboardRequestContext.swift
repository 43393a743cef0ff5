public import Hummingbird
public import Logging

/// The request context of the dashboard's router.
///
/// Built from a socket by the server, or from a logger alone (`init(logger:)`) when requests come
/// from elsewhere, such as API Gateway events handed to the router by a Lambda function.
public struct DashboardRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// A context for a request that did not arrive on a socket.
    public init(logger: Logger) {
        coreContext = .init(source: LoggerSource(logger: logger))
    }

    /// Request bodies of this API are small JSON documents.
    public var maxUploadSize: Int { 64 * 1024 }
}

private struct LoggerSource: RequestContextSource {
    var logger: Logger
}
