public import AWSClient
public import Tracing

/// Writes a trace context's headers (`traceparent`, `tracestate`) as SNS string attributes, which
/// SNS delivers to Lambda in each record's `MessageAttributes` and to SQS in the envelope.
public struct SNSAttributeInjector: Injector {
    public init() {}

    public func inject(_ value: String, forKey key: String, into carrier: inout [String: SNSMessageAttribute]) {
        carrier[key] = .string(value)
    }
}
