public import AIOpsCore
import Foundation
public import Hummingbird
import Logging
import NIOCore

/// The dashboard's router: the JSON API under `/api/v1`, `/healthz`, the pages and their files.
///
/// It needs no socket: `buildResponder()` answers a `Request` with a `DashboardRequestContext`
/// made from a logger, which is how a Lambda function serves API Gateway events with it.
public func buildRouter<Store: IncidentStore, Metrics: MetricSource>(
    _ dependencies: DashboardDependencies<Store, Metrics>
) -> Router<DashboardRequestContext> {
    let router = Router(context: DashboardRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: APIErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    if dependencies.ownOriginOnly { router.add(middleware: OwnOriginMiddleware()) }

    let store = dependencies.store
    router.get("healthz") { _, _ -> Response in
        do {
            _ = try await store.checkpoint("dashboard.healthz")
        } catch {
            return JSONBody.response(
                API.Health(status: "unavailable", time: dependencies.clock.now()), status: .serviceUnavailable)
        }
        return JSONBody.response(API.Health(status: "ok", time: dependencies.clock.now()))
    }
    PageController(resources: dependencies.resources).addRoutes(to: router)
    if let render = dependencies.metricsText {
        MetricsController(render: render, token: dependencies.metricsOnLoopback ? nil : dependencies.token)
            .addRoutes(to: router)
    }

    let api = router.group("api/v1")
    if let token = dependencies.token { api.add(middleware: BearerTokenMiddleware(token: token)) }
    IncidentController(
        store: store, metrics: dependencies.metrics, clock: dependencies.clock, events: dependencies.events,
        notifier: dependencies.notifier
    ).addRoutes(to: api)
    FleetController(store: store, metrics: dependencies.metrics, clock: dependencies.clock).addRoutes(to: api)
    ActionController(store: store).addRoutes(to: api)
    RunbookController(
        store: store, runbooks: dependencies.runbooks, modeOverride: dependencies.runbookMode, clock: dependencies.clock
    ).addRoutes(to: api)
    SilenceController(store: store, clock: dependencies.clock).addRoutes(to: api)
    ApprovalController(store: store, desk: dependencies.approvals).addRoutes(to: api)
    if let secret = dependencies.slackSigningSecret, !secret.isEmpty {
        // Slack cannot send the bearer token: its signature stands in for it, on this route only.
        SlackInteractionController(
            verifier: SlackSignature(signingSecret: secret), desk: dependencies.approvals,
            approvers: dependencies.slackApprovers, responder: dependencies.slackResponder, clock: dependencies.clock
        ).addRoutes(to: router.group("api/v1/slack"))
    }
    EventStreamController(events: dependencies.events).addRoutes(to: api)
    StatusController(store: store, awsErrorsLastHour: dependencies.awsErrorsLastHour).addRoutes(to: api)
    // Last, so it knows every route; it only acts on requests no route took.
    router.add(middleware: MethodNotAllowedMiddleware(routes: router.routes))
    return router
}

/// The dashboard's server: the router on `configuration`'s address, and the poller that feeds the
/// event stream with incidents other processes write. Refuses to listen beyond loopback without a token.
public func buildApplication<Store: IncidentStore, Metrics: MetricSource>(
    _ dependencies: DashboardDependencies<Store, Metrics>, configuration: DashboardConfiguration
) throws(DashboardError) -> some ApplicationProtocol {
    try configuration.validate(token: dependencies.token)
    var dependencies = dependencies
    dependencies.metricsOnLoopback = configuration.isLoopback
    let poller = IncidentChangePoller(
        store: dependencies.store, events: dependencies.events, interval: configuration.pollInterval,
        heartbeat: configuration.heartbeat, logger: dependencies.logger)
    let host = configuration.host
    let onListening = configuration.onListening
    return Application(
        router: buildRouter(dependencies),
        configuration: ApplicationConfiguration(
            address: .hostname(host, port: configuration.port), serverName: "aiops"),
        services: [poller],
        onServerRunning: { channel in
            let port = channel.localAddress?.port ?? configuration.port
            let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
            await onListening("http://\(shown):\(port)/")
        },
        logger: dependencies.logger)
}
