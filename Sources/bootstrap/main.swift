import Foundation
import LambdaRuntime

// The Lambda entry point of every aiops function: `_HANDLER` (the Terraform `handler`) picks one.
// The environment is read here, once, and handed to the function's factory.
let functions = LambdaFunctions([
    "detector": DetectorFunction.make,
    "detector-worker": DetectorWorkerFunction.make,
    "rca": AnalysisFunction.make,
    "remediation": RemediationFunction.make,
    "api": APIFunction.make,
    "authorizer": AuthorizerFunction.make,
])
exit(await functions.run(environment: ProcessInfo.processInfo.environment))
