public import AWSClient
import Foundation
import Notifications

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

extension TraceSettings {
    /// The OTLP header variables (a collector's API key), which may name a secret.
    public static let headerVariables = ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"]

    /// The header variables of `environment` whose value names a secret (`ssm:NAME`, read from
    /// Parameter Store decrypted, or `secretsmanager:NAME`), each with the secret read, as the
    /// channels' secrets are (`SecretResolver`); the other variables are left out. Read once per
    /// start; errors name the variable and the parameter, never a value.
    public static func resolvedHeaders(
        _ environment: [String: String], makeExecutor: @escaping @Sendable () throws -> AWSRequestExecutor
    ) async throws -> [String: String] {
        let resolver = SecretResolver(makeExecutor: makeExecutor)
        var resolved: [String: String] = [:]
        for name in headerVariables {
            guard let value = environment[name], value.hasPrefix("ssm:") || value.hasPrefix("secretsmanager:") else {
                continue
            }
            resolved[name] = try await resolver.resolve(value, variable: name)
        }
        return resolved
    }
}
