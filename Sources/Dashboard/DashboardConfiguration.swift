/// Where and how the dashboard's server listens.
public struct DashboardConfiguration: Sendable {
    public var host: String
    /// 0 picks a free port; `onListening` tells which.
    public var port: Int
    /// How often the store is polled for incidents written by another process.
    public var pollInterval: Duration
    /// How often idle event streams get a comment, so proxies keep them open.
    public var heartbeat: Duration
    /// Called once the server listens, with the address a browser can open.
    public var onListening: @Sendable (_ url: String) async -> Void

    public init(
        host: String = "127.0.0.1", port: Int = 8080, pollInterval: Duration = .seconds(2),
        heartbeat: Duration = .seconds(15), onListening: @escaping @Sendable (_ url: String) async -> Void = { _ in }
    ) {
        self.host = host
        self.port = port
        self.pollInterval = pollInterval
        self.heartbeat = heartbeat
        self.onListening = onListening
    }

    /// True for addresses only this machine can reach.
    public var isLoopback: Bool {
        let bare = host.trimmingPrefix("[").split(separator: "]").first.map(String.init) ?? host
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
    }

    /// Refuses a setup that would expose the API: a non-loopback address needs a token.
    public func validate(token: String?) throws(DashboardError) {
        guard (0...65535).contains(port) else {
            throw DashboardError(.invalidConfiguration, "the port \(port) is not one from 0 to 65535")
        }
        guard isLoopback || !(token ?? "").isEmpty else {
            throw DashboardError(
                .tokenRequired,
                "listening on \(host) lets other machines in: give a bearer token (--api-token or AIOPS_API_TOKEN), "
                    + "or listen on 127.0.0.1")
        }
    }
}
