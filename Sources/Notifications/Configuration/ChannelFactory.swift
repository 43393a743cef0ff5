import Foundation

/// Builds a channel from its settings, reading its secrets.
enum ChannelFactory {
    static func channel(_ entry: ChannelSettings.Entry, secrets: SecretResolver) async throws
        -> any NotificationChannel
    {
        let setting = variable(entry)
        switch entry.type {
        case "pagerduty":
            guard let key = entry.routingKey else {
                throw ChannelConfigurationError("\(setting): a PagerDuty channel needs its routing key")
            }
            let events = try entry.url.map { try url($0, setting: "\(setting) (events URL)") }
            return PagerDutyChannel(
                name: entry.name, routingKey: try await secrets.resolve(key, variable: setting),
                eventsURL: events ?? PagerDutyChannel.defaultEventsURL)
        default:
            guard let configured = entry.url else {
                throw ChannelConfigurationError("\(setting): the channel needs its webhook URL")
            }
            let address = try url(try await secrets.resolve(configured, variable: setting), setting: setting)
            switch entry.type {
            case "slack": return SlackChannel(name: entry.name, webhook: address)
            case "teams": return TeamsChannel(name: entry.name, webhook: address)
            default:
                let secret = try await entry.secret.asyncMap {
                    try await secrets.resolve($0, variable: entry.name == "webhook" ? "AIOPS_WEBHOOK_SECRET" : setting)
                }
                return WebhookChannel(name: entry.name, url: address, secret: secret)
            }
        }
    }

    /// The setting's name in errors: the environment variable for the built-in names.
    static func variable(_ entry: ChannelSettings.Entry) -> String {
        switch entry.name {
        case "slack": "AIOPS_SLACK_WEBHOOK_URL"
        case "teams": "AIOPS_TEAMS_WEBHOOK_URL"
        case "pagerduty": "AIOPS_PAGERDUTY_ROUTING_KEY"
        case "webhook": "AIOPS_WEBHOOK_URL"
        default: "channel '\(entry.name)'"
        }
    }

    /// An http(s) URL with a host; the error does not repeat the value (it may be a secret).
    static func url(_ text: String, setting: String) throws -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host?.isEmpty == false
        else {
            throw ChannelConfigurationError("\(setting): not an http(s) URL with a host")
        }
        return url
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
