import AWSAdapters
import AWSClient
import Dashboard
import Hummingbird
import LambdaRuntime

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
