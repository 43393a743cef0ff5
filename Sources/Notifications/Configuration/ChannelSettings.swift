import AIOpsCore
import Foundation

/// The channels and their routing, from the environment and an optional JSON file
/// (`AIOPS_CHANNELS_FILE`). The environment wins: a channel its variable configures takes that
/// value whatever the file says, and is told of every incident.
///
/// | variable | channel |
/// |---|---|
/// | `AIOPS_SLACK_WEBHOOK_URL` | `slack` |
/// | `AIOPS_TEAMS_WEBHOOK_URL` | `teams` |
/// | `AIOPS_PAGERDUTY_ROUTING_KEY` (+ `AIOPS_PAGERDUTY_EVENTS_URL`) | `pagerduty` |
/// | `AIOPS_WEBHOOK_URL` (+ `AIOPS_WEBHOOK_SECRET`) | `webhook` |
///
/// Any value may be `ssm:NAME` or `secretsmanager:NAME` (see `SecretResolver`).
public struct ChannelSettings: Sendable {
    /// A channel as the file (or the environment) describes it, secrets not yet resolved.
    public struct Entry: Sendable, Hashable, Codable {
        /// `slack`, `teams`, `pagerduty` or `webhook`.
        public var type: String
        public var name: String
        /// The webhook address (Slack, Teams, webhook) or PagerDuty's events address.
        public var url: String?
        public var routingKey: String?
        public var secret: String?

        public init(
            type: String, name: String, url: String? = nil, routingKey: String? = nil, secret: String? = nil
        ) {
            self.type = type
            self.name = name
            self.url = url
            self.routingKey = routingKey
            self.secret = secret
        }
    }

    /// The file's shape.
    struct File: Decodable {
        var channels: [Entry]?
        var routes: [ChannelRouting.Route]?
        var defaults: [String]?
    }

    public var entries: [Entry]
    public var routing: ChannelRouting

    /// Reads the environment and, when `AIOPS_CHANNELS_FILE` names one, the file.
    public static func read(environment: [String: String]) throws -> ChannelSettings {
        var file = File()
        if let path = environment["AIOPS_CHANNELS_FILE"], !path.isEmpty {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: path))
            } catch {
                throw ChannelConfigurationError(
                    "AIOPS_CHANNELS_FILE: cannot read \(path): \(error.localizedDescription)")
            }
            do {
                file = try JSONDecoder().decode(File.self, from: data)
            } catch {
                throw ChannelConfigurationError(
                    "AIOPS_CHANNELS_FILE: \(path) is not a channels file (\(EventCodec.describe(error))); see "
                        + "docs/channels.md for its fields")
            }
        }
        return try merge(file: file, environment: environment)
    }

    static func merge(file: File, environment: [String: String]) throws -> ChannelSettings {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        var fromEnvironment: [Entry] = []
        if let url = value("AIOPS_SLACK_WEBHOOK_URL") {
            fromEnvironment.append(Entry(type: "slack", name: "slack", url: url))
        }
        if let url = value("AIOPS_TEAMS_WEBHOOK_URL") {
            fromEnvironment.append(Entry(type: "teams", name: "teams", url: url))
        }
        if let key = value("AIOPS_PAGERDUTY_ROUTING_KEY") {
            fromEnvironment.append(
                Entry(type: "pagerduty", name: "pagerduty", url: value("AIOPS_PAGERDUTY_EVENTS_URL"), routingKey: key))
        }
        if let url = value("AIOPS_WEBHOOK_URL") {
            fromEnvironment.append(
                Entry(type: "webhook", name: "webhook", url: url, secret: value("AIOPS_WEBHOOK_SECRET")))
        }
        let overridden = Set(fromEnvironment.map(\.name))
        let fileEntries = (file.channels ?? []).filter { !overridden.contains($0.name) }
        let entries = fromEnvironment + fileEntries
        var names: Set<String> = []
        for entry in entries {
            guard names.insert(entry.name).inserted else {
                throw ChannelConfigurationError("AIOPS_CHANNELS_FILE: two channels are named '\(entry.name)'")
            }
            guard ["slack", "teams", "pagerduty", "webhook"].contains(entry.type) else {
                throw ChannelConfigurationError(
                    "AIOPS_CHANNELS_FILE: channel '\(entry.name)' has type '\(entry.type)'; use slack, teams, "
                        + "pagerduty or webhook")
            }
        }
        // Without `defaults` in the file, every channel without a route is told of everything.
        let routed = Set((file.routes ?? []).flatMap(\.channels))
        let defaults =
            fromEnvironment.map(\.name)
            + (file.defaults ?? fileEntries.map(\.name).filter { !routed.contains($0) })
        let routing = ChannelRouting(routes: file.routes ?? [], defaults: defaults)
        for name in routing.defaults + routing.routes.flatMap(\.channels) where !names.contains(name) {
            throw ChannelConfigurationError(
                "AIOPS_CHANNELS_FILE: a route names channel '\(name)', which is not configured (configured: "
                    + "\(names.sorted().joined(separator: ", ")))")
        }
        return ChannelSettings(entries: entries, routing: routing)
    }
}
