public import Foundation

/// Region, endpoints and call settings, resolved once from the environment and the shared files.
///
/// Region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`. Endpoints:
/// `AWS_ENDPOINT_URL_<SERVICE>`, then `AWS_ENDPOINT_URL`, then the profile's `endpoint_url`, then
/// AWS's `https://<prefix>.<region>.amazonaws.com`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
/// ignores the overrides. `AWS_MAX_ATTEMPTS` sets the attempts per call (5 by default);
/// `AIOPS_AWS_TIMEOUT_SECONDS` the timeout of each attempt (20 by default).
public struct AWSConfiguration: Sendable {
    public var region: String
    /// Endpoint for every service, when set.
    public var endpointURL: URL?
    /// Endpoint per `AWSService.endpointVariable`.
    public var serviceEndpoints: [String: URL]
    /// Per attempt; a retried call gets a fresh timeout.
    public var requestTimeout: Duration
    public var retry: RetryPolicy

    public init(
        region: String, endpointURL: URL? = nil, serviceEndpoints: [String: URL] = [:],
        requestTimeout: Duration = .seconds(20), retry: RetryPolicy = RetryPolicy()
    ) {
        self.region = region
        self.endpointURL = endpointURL
        self.serviceEndpoints = serviceEndpoints
        self.requestTimeout = requestTimeout
        self.retry = retry
    }

    /// The region used when none is configured but an endpoint override is (moto and LocalStack
    /// accept any region, and the SDKs' error would only get in the way there).
    public static let fallbackRegionForOverriddenEndpoints = "us-east-1"

    /// Resolves the configuration; throws `.invalidConfiguration` naming the variable at fault.
    public static func resolve(environment: [String: String], files: SharedConfigFiles) throws -> AWSConfiguration {
        func nonEmpty(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        var endpointURL: URL?
        var serviceEndpoints: [String: URL] = [:]
        if nonEmpty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.lowercased() != "true" {
            if let text = nonEmpty("AWS_ENDPOINT_URL") {
                endpointURL = try parseEndpoint(text, variable: "AWS_ENDPOINT_URL")
            } else if let text = files.value("endpoint_url", credentialsFirst: false) {
                endpointURL = try parseEndpoint(text, variable: "endpoint_url of profile '\(files.profile)'")
            }
            let prefix = "AWS_ENDPOINT_URL_"
            for (key, value) in environment where key.hasPrefix(prefix) && !value.isEmpty {
                serviceEndpoints[String(key.dropFirst(prefix.count))] = try parseEndpoint(value, variable: key)
            }
        }
        var retry = RetryPolicy()
        if let text = nonEmpty("AWS_MAX_ATTEMPTS") {
            guard let attempts = Int(text), (1...20).contains(attempts) else {
                throw AWSError(
                    .invalidConfiguration, "AWS_MAX_ATTEMPTS must be a whole number from 1 to 20, not '\(text)'")
            }
            retry.maxAttempts = attempts
        }
        var requestTimeout = Duration.seconds(20)
        if let text = nonEmpty("AIOPS_AWS_TIMEOUT_SECONDS") {
            // async-http-client's shared client gives up on a silent peer after 90 s anyway.
            guard let seconds = Double(text), seconds.isFinite, (0.1...90).contains(seconds) else {
                throw AWSError(
                    .invalidConfiguration,
                    "AIOPS_AWS_TIMEOUT_SECONDS must be a number of seconds from 0.1 to 90, not '\(text)'")
            }
            requestTimeout = .milliseconds(Int64(seconds * 1000))
        }
        let region =
            nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") ?? files.value("region", credentialsFirst: false)
        guard let region else {
            if endpointURL != nil || !serviceEndpoints.isEmpty {
                return AWSConfiguration(
                    region: fallbackRegionForOverriddenEndpoints, endpointURL: endpointURL,
                    serviceEndpoints: serviceEndpoints, requestTimeout: requestTimeout, retry: retry)
            }
            throw AWSError(
                .invalidConfiguration,
                "no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or region in profile '\(files.profile)')")
        }
        guard Self.isValidRegion(region) else {
            throw AWSError(.invalidConfiguration, "'\(region)' is not a valid AWS region name")
        }
        return AWSConfiguration(
            region: region, endpointURL: endpointURL, serviceEndpoints: serviceEndpoints,
            requestTimeout: requestTimeout, retry: retry)
    }

    /// The endpoint to call `service` at.
    public func endpoint(for service: AWSService) -> URL {
        if let url = serviceEndpoints[service.endpointVariable] ?? endpointURL { return url }
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return URL(string: "https://\(service.endpointPrefix).\(region).\(suffix)")
            ?? URL(fileURLWithPath: "/")  // unreachable: region is validated to [a-z0-9-]
    }

    /// Region names are lower-case letters, digits and dashes; anything else would end up in a host name.
    static func isValidRegion(_ region: String) -> Bool {
        !region.isEmpty && region.count <= 64
            && region.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    static func parseEndpoint(_ text: String, variable: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw AWSError(.invalidConfiguration, "\(variable) must be an http(s) URL with a host; got '\(text)'")
        }
        return url
    }
}
