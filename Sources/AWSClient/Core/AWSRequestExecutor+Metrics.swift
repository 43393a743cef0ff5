import CoreMetrics

/// The AWS calls' metrics (docs/observability.md): every call by service, operation and outcome,
/// its duration including retries, and the attempts retried and throttled.
///
/// The factory is the executor's `metricsFactory` when set (a test reads its own), else the
/// process's `MetricsSystem.factory`.
extension AWSRequestExecutor {
    /// How a call ended, as the `outcome` label says it.
    enum CallOutcome: String {
        case success, throttled, error
    }

    func recordCall(service: AWSService, operation: String, outcome: CallOutcome, seconds: Double) {
        let factory = metricsFactory ?? MetricsSystem.factory
        let labels = [("service", service.name), ("operation", operation)]
        Counter(
            label: "aiops_aws_requests_total", dimensions: labels + [("outcome", outcome.rawValue)], factory: factory
        )
        .increment()
        CoreMetrics.Timer(label: "aiops_aws_request_duration_seconds", dimensions: labels, factory: factory)
            .recordNanoseconds(Int64(max(seconds, 0) * 1e9))
        if outcome != .success { AWSCallHistory.recordFailure() }
    }

    /// One failed attempt that will be tried again; a throttled one is also counted as such.
    func recordRetry(service: AWSService, operation: String, failure: AWSError) {
        let factory = metricsFactory ?? MetricsSystem.factory
        let labels = [("service", service.name), ("operation", operation)]
        Counter(label: "aiops_aws_retries_total", dimensions: labels, factory: factory).increment()
        if Self.isThrottling(failure) {
            Counter(label: "aiops_aws_throttles_total", dimensions: labels, factory: factory).increment()
        }
    }

    static func isThrottling(_ failure: AWSError) -> Bool {
        RetryPolicy.throttlingCodes.contains(failure.code.rawValue) || failure.statusCode == 429
    }
}
