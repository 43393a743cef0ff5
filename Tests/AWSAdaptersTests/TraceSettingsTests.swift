import AWSClient
import AWSTestSupport
import AdapterComposition
import Foundation
import Testing

/// Traces are off unless the standard `OTEL_*` variables ask for them, and Lambda's X-Ray header
/// converts to W3C ids as AWS's X-Ray propagator does.
@Suite struct TraceSettingsTests {
    /// OTLP headers (a collector's API key) may name an SSM SecureString parameter, read once,
    /// as the channels' secrets; a plain value is left to swift-otel; a missing parameter is an
    /// error naming it.
    @Test func headersNamingAnSSMParameterAreRead() async throws {
        let moto = try Moto()
        let executor = moto.executor
        let name = "/aiops/otlp-\(UUID().uuidString.prefix(8))/headers"
        try await moto.putSecureParameter(name: name, value: "x-api-key=s3cret\n")
        let resolved = try await TraceSettings.resolvedHeaders(
            [
                "OTEL_EXPORTER_OTLP_HEADERS": "ssm:\(name)", "OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x-tenant=aiops",
                "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318",
            ], makeExecutor: { executor })
        #expect(resolved == ["OTEL_EXPORTER_OTLP_HEADERS": "x-api-key=s3cret"])
        #expect(try await TraceSettings.resolvedHeaders([:], makeExecutor: { executor }).isEmpty)
        let missing = await #expect(throws: (any Error).self) {
            _ = try await TraceSettings.resolvedHeaders(
                ["OTEL_EXPORTER_OTLP_TRACES_HEADERS": "ssm:\(name)-absent"], makeExecutor: { executor })
        }
        #expect("\(missing.map { "\($0)" } ?? "")".contains("\(name)-absent"), "\(String(describing: missing))")
        #expect("\(missing.map { "\($0)" } ?? "")".contains("OTEL_EXPORTER_OTLP_TRACES_HEADERS"))
    }

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
