import AdapterComposition
import Foundation
import LambdaRuntime
import Tracing

/// A function whose invocations are traces (OpenTelemetry, `OTEL_*`): each invocation is a span
/// named after the function, exported before the response is posted. Under an SNS message, the
/// span continues the trace its `traceparent` attribute carries (the publishing function's span
/// is its parent); Lambda's X-Ray trace header is linked (docs/observability.md, "Traces").
struct TracedFunction: LambdaByteHandler {
    let function: any LambdaByteHandler
    let name: String
    let kind: SpanKind
    let export: TraceExport

    /// `factory`'s function, traced when the settings say so; untouched otherwise.
    static func wrap(
        _ factory: @escaping LambdaFunctions.Factory, kind: SpanKind = .consumer,
        settings: @escaping @Sendable (LambdaStartup) -> TraceSettings
    ) -> LambdaFunctions.Factory {
        { startup in
            let function = try await factory(startup)
            let settings = settings(startup)
            guard settings.enabled else { return function }
            return TracedFunction(
                function: function, name: startup.handlerName, kind: kind,
                export: TraceExport(settings: settings, logger: startup.logger))
        }
    }

    func handle(_ event: Data, context: LambdaContext) async throws -> Data {
        try await export.run {
            var parent = ServiceContext.topLevel
            if let attributes = Self.messageAttributes(event) {
                InstrumentationSystem.tracer.extract(attributes, into: &parent, using: HeaderExtractor())
            }
            return try await withSpan(name, context: parent, ofKind: kind) { span in
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

    /// The message attributes of an SNS event's one record (SNS invokes a function with one
    /// record per message); nil for any other event.
    static func messageAttributes(_ event: Data) -> [String: String]? {
        guard let sns = try? JSONDecoder().decode(SNSEvent.self, from: event), sns.records.count == 1,
            let attributes = sns.records[0].sns.messageAttributes
        else { return nil }
        return attributes.mapValues(\.value)
    }
}
