import AWSAdapters
import AWSClient
import Dashboard
import Hummingbird
import LambdaRuntime

/// `api`: the dashboard's router (pages and `/api/v1`, as `aiops serve` serves them) answering
/// API Gateway HTTP API events in process. API Gateway's authorizer checks the bearer token
/// first; with AIOPS_API_TOKEN set the router checks it again.
enum APIFunction {
    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        let aws = try FunctionEnvironment.assembly(startup)
        let store = DynamoDBIncidentStore(dynamoDB: DynamoDBClient(executor: aws.executor), table: aws.settings.table)
        let dependencies = DashboardDependencies(
            store: store, metrics: CloudWatchMetricSource(cloudWatch: CloudWatchClient(executor: aws.executor)),
            clock: aws.ports.clock, token: startup.environment["AIOPS_API_TOKEN"],
            resources: try DashboardResources.locate(), logger: startup.logger)
        return APIGatewayV2Responder(responder: buildRouter(dependencies).buildResponder()) {
            DashboardRequestContext(logger: $0)
        }
    }
}

/// `authorizer`: API Gateway's REQUEST authorizer for `/api` routes (simple responses): the
/// `Authorization` header must be `Bearer <AIOPS_API_TOKEN>`, compared in constant time.
enum AuthorizerFunction {
    static func make(_ startup: LambdaStartup) async throws -> any LambdaByteHandler {
        try BearerTokenAuthorizer(token: startup.environment["AIOPS_API_TOKEN"] ?? "")
    }
}
