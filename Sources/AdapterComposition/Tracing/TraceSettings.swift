import Foundation

/// Whether spans are exported, and as which service: read once from the standard `OTEL_*`
/// variables at the entry point. Off unless asked for (docs/observability.md, "Traces").
public struct TraceSettings: Sendable, Hashable {
    /// Spans are exported (OTLP/HTTP, or the console); off, the no-op tracer costs nothing.
    public var enabled: Bool
    /// `service.name` unless `OTEL_SERVICE_NAME` says otherwise (swift-otel reads it).
    public var serviceName: String
    /// More resource attributes (`OTEL_RESOURCE_ATTRIBUTES` adds to them).
    public var resourceAttributes: [String: String]

    public init(enabled: Bool, serviceName: String, resourceAttributes: [String: String] = [:]) {
        self.enabled = enabled
        self.serviceName = serviceName
        self.resourceAttributes = resourceAttributes
    }

    /// On when an OTLP endpoint is set (`OTEL_EXPORTER_OTLP_ENDPOINT`,
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) or `OTEL_TRACES_EXPORTER` names an exporter (`otlp`,
    /// `console`); off when `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`, and by default.
    /// An empty variable counts as unset, so Terraform can pass `""` for "off".
    public static func from(
        _ environment: [String: String], serviceName: String, resourceAttributes: [String: String] = [:]
    ) -> TraceSettings {
        func value(_ name: String) -> String? {
            guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
                return nil
            }
            return value.lowercased()
        }
        let exporter = value("OTEL_TRACES_EXPORTER")
        let enabled: Bool =
            if value("OTEL_SDK_DISABLED") == "true" || exporter == "none" {
                false
            } else if let exporter {
                exporter.split(separator: ",").contains {
                    ["otlp", "console"].contains($0.trimmingCharacters(in: .whitespaces))
                }
            } else {
                value("OTEL_EXPORTER_OTLP_ENDPOINT") != nil || value("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != nil
            }
        return TraceSettings(enabled: enabled, serviceName: serviceName, resourceAttributes: resourceAttributes)
    }
}
