import AWSClient
import AdapterComposition
import Foundation
import LambdaRuntime
import Tracing

/// A function whose invocations are traces (OpenTelemetry, `OTEL_*`): each invocation is a span
/// named after the function, exported before the response is posted. Under an SNS message or a
/// single SQS message, the span continues the trace its `traceparent` attribute carries (the
/// sending function's span is its parent); a batch of several SQS messages starts a trace linked
/// to each message's; Lambda's X-Ray trace header is linked (docs/observability.md, "Traces").
struct TracedFunction: LambdaByteHandler {
    let function: any LambdaByteHandler
    let name: String
    let kind: SpanKind
    let export: TraceExport

    /// `factory`'s function, traced when the settings say so; untouched otherwise.
    static func wrap(
        _ factory: @escaping LambdaFunctions.Factory, kind: SpanKind,
        settings: @escaping @Sendable (LambdaStartup) -> TraceSettings
    ) -> LambdaFunctions.Factory {
        { startup in
            let function = try await factory(startup)
            let settings = settings(startup)
            guard settings.enabled else { return function }
            // A header variable naming a secret (ssm:, secretsmanager:) is read once, here, and
            // set in the process's environment, where swift-otel reads the headers; unreadable,
            // the function runs untraced rather than sending the reference as a header.
            do {
                let headers = try await TraceSettings.resolvedHeaders(startup.environment) {
                    try AWSRequestExecutor.fromEnvironment(startup.environment, logger: startup.logger)
                }
                for (name, value) in headers { setenv(name, value, 1) }
            } catch {
                startup.logger.warning(
                    "traces off: the OTLP headers could not be read", metadata: ["aiops.error": "\(error)"])
                return function
            }
            return TracedFunction(
                function: function, name: startup.handlerName, kind: kind,
                export: TraceExport(settings: settings, logger: startup.logger))
        }
    }

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        try await export.run {
            let records = Self.messageAttributes(event)
            let senders = records.filter { $0["traceparent"] != nil }.map { attributes in
                var context = ServiceContext.topLevel
                InstrumentationSystem.tracer.extract(attributes, into: &context, using: HeaderExtractor())
                return context
            }
            let parent = records.count == 1 ? senders.first ?? .topLevel : .topLevel
            return try await withSpan(name, context: parent, ofKind: kind) { span in
                if records.count > 1 {
                    for sender in senders { span.addLink(SpanLink(context: sender, attributes: [:])) }
                }
                span.attributes["faas.invocation_id"] = context.requestID
                if let arn = context.invokedFunctionARN { span.attributes["cloud.resource_id"] = arn }
                if let header = context.traceID.flatMap(XRayTraceHeader.init) {
                    span.attributes["aws.xray.trace_id"] = header.root
                    if let link = header.link() { span.addLink(link) }
                }
                return try await function.handle(event, context: context)
            }
        }
    }

    /// The message attributes of each record of an SNS or SQS event (SNS invokes a function with
    /// one record per message; SQS with up to its batch size); none for any other event.
    static func messageAttributes(_ event: Data) -> [[String: String]] {
        let decoder = JSONDecoder()
        let records: [[String: String]]
        if let sns = try? decoder.decode(SNSEvent.self, from: event) {
            records = sns.records.map { ($0.sns.messageAttributes ?? [:]).mapValues(\.value) }
        } else if let sqs = try? decoder.decode(SQSEvent.self, from: event) {
            records = sqs.records.map { ($0.messageAttributes ?? [:]).compactMapValues(\.stringValue) }
        } else {
            return []
        }
        return records
    }
}
