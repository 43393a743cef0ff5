import AWSAdapters
import AdapterComposition
import LambdaRuntime

/// The AWS wiring every pipeline function starts from: the `AIOPS_*` settings (as `aiops run
/// --aws` reads them) and the agent's adapters. Bad settings fail the start-up, which the runtime
/// reports to `/runtime/init/error`.
enum FunctionEnvironment {
    static func assembly(_ startup: LambdaStartup) throws -> AWSAgentAssembly {
        let settings = try AgentSettings.resolve(environment: startup.environment)
        return try AWSAgentAssembly(settings: settings, environment: startup.environment, logger: startup.logger)
    }
}
