import AdapterComposition
import Testing

/// Traces are off unless the standard `OTEL_*` variables ask for them, and Lambda's X-Ray header
/// converts to W3C ids as AWS's X-Ray propagator does.
@Suite struct TraceSettingsTests {
    @Test(arguments: [
        ([:], false),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": ""], false),
        (["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"], true),
        (["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://127.0.0.1:4318/v1/traces"], true),
        (["OTEL_TRACES_EXPORTER": "otlp"], true),
        (["OTEL_TRACES_EXPORTER": "console"], true),
        (["OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"], false),
        (["OTEL_SDK_DISABLED": "TRUE", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"], false),
        (["OTEL_SDK_DISABLED": "false", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"], true),
        (["OTEL_SERVICE_NAME": "aiops"], false),
    ])
    func offUnlessAskedFor(environment: [String: String], enabled: Bool) {
        #expect(TraceSettings.from(environment, serviceName: "aiops").enabled == enabled)
    }

    @Test func xrayHeaderBecomesW3CIDs() throws {
        let header = try #require(
            XRayTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"))
        #expect(header.root == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(header.traceID == "5759e988bd862e3fe1be46a994272793")
        #expect(header.traceparent == "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01")
        let unsampled = try #require(
            XRayTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0"))
        #expect(unsampled.traceparent?.hasSuffix("-00") == true)
        // Without a parent (no X-Ray segment) the root is known, but there is no span to link.
        let rootOnly = try #require(XRayTraceHeader("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"))
        #expect(rootOnly.traceparent == nil)
        #expect(rootOnly.link() == nil)
        for bad in [
            "", "Sampled=1", "Root=2-5759e988-bd862e3fe1be46a994272793", "Root=1-5759e988-bd86",
            "Root=1-zz59e988-bd862e3fe1be46a994272793",
        ] {
            #expect(XRayTraceHeader(bad) == nil, "\(bad)")
        }
    }
}
