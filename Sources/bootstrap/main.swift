import AIOpsCore
import AdapterComposition
import Composition
import CoreMetrics
import Foundation
import LambdaRuntime

// The Lambda entry point of every aiops function: `_HANDLER` (the Terraform `handler`) picks one.
// The environment is read here, once, and handed to the function's factory.
// Each invocation is a trace when the OTEL_* variables ask for one (TracedFunction); untouched otherwise.
let traceSettings: @Sendable (LambdaStartup) -> TraceSettings = { startup in
    let function = startup.environment["AWS_LAMBDA_FUNCTION_NAME"] ?? "aiops-\(startup.handlerName)"
    return TraceSettings.from(
        startup.environment, serviceName: function,
        resourceAttributes: ["faas.name": function, "aiops.function": startup.handlerName, "cloud.provider": "aws"])
}
let functions = LambdaFunctions(
    [
        "detector": DetectorFunction.make,
        "detector-worker": DetectorWorkerFunction.make,
        "rca": AnalysisFunction.make,
        "remediation": RemediationFunction.make,
        "api": APIFunction.make,
        "authorizer": AuthorizerFunction.make,
    ].mapValues { TracedFunction.wrap($0, settings: traceSettings) })
let environment = ProcessInfo.processInfo.environment
// JSON lines on standard output unless AIOPS_LOG_FORMAT says text; a bad value is said, not fatal.
let defaults = LogSetup(format: .json, stream: .standardOutput)
let logs: LogSetup
let logSettingError: AIOpsError?
do {
    logs = try LogSetup.from(environment, format: .json, stream: .standardOutput)
    logSettingError = nil
} catch {
    logs = defaults
    logSettingError = error
}
logs.bootstrap()
let logger = logs.logger(label: "aiops.lambda")
if let logSettingError { logger.warning("log settings ignored", metadata: ["aiops.error": "\(logSettingError)"]) }
// The functions' metrics leave as Embedded Metric Format lines after each invocation (no API call).
let metrics = EMFMetricsFactory(namespace: environment["AIOPS_METRICS_NAMESPACE"] ?? "aiops")
MetricsSystem.bootstrap(metrics)
AIOpsMetrics.buildInfo(version: BuildInfo.version)
exit(await functions.run(environment: environment, metrics: metrics, logger: logger))
