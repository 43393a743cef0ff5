import AIOpsCore
import AWSAdapters
import AWSClient
import Composition
import Dashboard
import Foundation
import Hummingbird
import LambdaRuntime
import Notifications
import Remediation

/// `api`: the dashboard's router (pages and `/api/v1`, as `aiops serve` serves them) answering
/// API Gateway HTTP API events in process. API Gateway's authorizer checks the bearer token
/// first; with AIOPS_API_TOKEN set the router checks it again.
struct APIFunction: LambdaHandler {
    let router: APIGatewayV2Responder<RouterResponder<DashboardRequestContext>>

    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        var dependencies = DashboardDependencies(
            store: aws.store, metrics: CloudWatchMetricSource(cloudWatch: CloudWatchClient(executor: aws.executor)),
            clock: aws.ports.clock, token: startup.environment["AIOPS_API_TOKEN"],
            resources: try DashboardResources.locate(), logger: startup.logger)
        // Behind API Gateway's authorizer, on API Gateway's own host name: not a loopback dashboard.
        dependencies.behindAuthorizer = true
        dependencies.awsErrorsLastHour = AWSCallHistory.lastHour
        dependencies.notifier = try await aws.channelNotifier()
        // An answer to an approval runs the action here, through the remediation function's own
        // engine and guards (the function's role may reboot the opted-in instances, as that one's).
        // Its escalation notifier is made on first use: the cold start makes no SNS call.
        dependencies.approvals =
            FunctionStages.remediation(
                configuration: aws.agentConfiguration(), ports: aws.ports,
                escalations: LazyNotifier { try await aws.criticalNotifier() }, logger: startup.logger
            ).engine
        dependencies.slackSigningSecret = try await aws.slackSigningSecret()
        // The answered message is updated through Slack's response_url (https on hooks.slack.com only).
        dependencies.slackResponder = SlackResponder(post: SlackChannel.responsePoster())
        dependencies.slackApprovers = try aws.slackApprovers()
        let remediation = aws.agentConfiguration().remediation
        dependencies.runbooks = remediation.runbooks
        dependencies.runbookMode = remediation.modeOverride
        return APIFunction(
            router: APIGatewayV2Responder(responder: buildRouter(dependencies).buildResponder()) {
                DashboardRequestContext(logger: $0)
            })
    }

    func handle(_ event: APIGatewayV2Request, context: LambdaContext) async throws -> APIGatewayV2Response {
        // API Gateway returns whole responses: an endless event stream would hold the function
        // until its timeout. Clients poll /api/v1/incidents instead.
        guard !event.rawPath.hasSuffix("/api/v1/events") else {
            return APIGatewayV2Response(
                statusCode: 501, headers: ["content-type": "application/json"],
                body: #"{"error":{"code":"not_implemented","message":"#
                    + #"the event stream is not served through API Gateway; poll /api/v1/incidents"}}"#)
        }
        return try await router.handle(event, context: context)
    }
}

/// `authorizer`: API Gateway's REQUEST authorizer for `/api` routes (simple responses): the
/// `Authorization` header must be `Bearer <AIOPS_API_TOKEN>`, compared in constant time.
enum AuthorizerFunction {
    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        try BearerTokenAuthorizer(token: startup.environment["AIOPS_API_TOKEN"] ?? "")
    }
}

/// A notifier made on its first use (then kept): for a function that rarely notifies.
actor LazyNotifier: Notifier {
    private let make: @Sendable () async throws -> any Notifier
    private var made: (any Notifier)?

    init(_ make: @escaping @Sendable () async throws -> any Notifier) { self.make = make }

    private func notifier() async throws -> any Notifier {
        if let made { return made }
        let notifier = try await make()
        made = notifier
        return notifier
    }

    func notify(_ alert: CriticalAlert) async throws { try await notifier().notify(alert) }

    func incidentChanged(_ incident: Incident, at: Date) async throws {
        try await notifier().incidentChanged(incident, at: at)
    }

    func approvalRequested(_ approval: Approval, alert: CriticalAlert) async throws {
        try await notifier().approvalRequested(approval, alert: alert)
    }
}
