import Hummingbird

/// `GET /metrics`: the process's own metrics in the Prometheus text format (docs/observability.md).
///
/// Open to any scraper when the server listens on loopback only; behind the bearer token
/// otherwise, like the API, since metric values say how the fleet is doing.
struct MetricsController {
    let render: @Sendable () -> String
    /// The token a scraper must send; nil lets every request through (a loopback server).
    let token: String?

    func addRoutes(to router: Router<DashboardRequestContext>) {
        let group = router.group("metrics")
        if let token { group.add(middleware: BearerTokenMiddleware(token: token)) }
        group.get { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
                body: .init(byteBuffer: ByteBuffer(string: render())))
        }
    }
}
