import AIOpsCore
public import AWSClient
public import Foundation

/// PagerDuty through the Events API v2 (`POST /v2/enqueue`): `trigger` when an incident opens,
/// then `acknowledge` and `resolve` as it changes, all with `dedup_key` = the incident id, so
/// PagerDuty keeps one alert per incident whatever is sent twice.
public struct PagerDutyChannel: NotificationChannel {
    /// PagerDuty's documented address; `AIOPS_PAGERDUTY_EVENTS_URL` replaces it (tests, EU region).
    public static let defaultEventsURL = URL(string: "https://events.pagerduty.com/v2/enqueue")!

    public let name: String
    let routingKey: String
    let eventsURL: URL

    public init(name: String = "pagerduty", routingKey: String, eventsURL: URL = Self.defaultEventsURL) {
        self.name = name
        self.routingKey = routingKey
        self.eventsURL = eventsURL
    }

    public var secrets: [String] { [routingKey] }

    public func request(for notice: IncidentNotice) throws -> HTTPRequest? {
        // The incident paged already; approving is done on the dashboard or in Slack.
        guard notice.kind != .approvalRequested else { return nil }
        return ChannelJSON.post(eventsURL, body: try ChannelJSON.encode(event(notice)))
    }

    func event(_ notice: IncidentNotice) -> Event {
        let incident = notice.incident
        switch notice.kind {
        case .acknowledged:
            return Event(routingKey: routingKey, eventAction: "acknowledge", dedupKey: incident.id)
        case .resolved:
            return Event(routingKey: routingKey, eventAction: "resolve", dedupKey: incident.id)
        case .opened, .approvalRequested:
            var details = [
                "incident_id": incident.id, "metric": incident.metric.rawValue, "instance_name": notice.instance.name,
                "status": incident.status.rawValue,
            ]
            if let lead = notice.leadLine { details["evidence"] = lead }
            return Event(
                routingKey: routingKey, eventAction: "trigger", dedupKey: incident.id,
                payload: Payload(
                    // PagerDuty's limit on the summary: 1024 characters.
                    summary: IncidentNotice.bounded("\(notice.title): \(incident.summary)", 1024),
                    source: notice.instance.id, severity: Self.severity(incident.severity),
                    timestamp: ISO8601.string(from: incident.openedAt), component: incident.metric.rawValue,
                    group: notice.instance.name, customDetails: details),
                client: notice.link.map { _ in "aiops" }, clientURL: notice.link?.absoluteString)
        }
    }

    /// PagerDuty's four severities; the agent has three.
    static func severity(_ severity: AIOpsCore.Severity) -> String {
        switch severity {
        case .critical: "critical"
        case .warning: "warning"
        case .info: "info"
        }
    }

    struct Event: Encodable {
        var routingKey: String
        var eventAction: String
        var dedupKey: String
        var payload: Payload? = nil
        var client: String? = nil
        var clientURL: String? = nil

        enum CodingKeys: String, CodingKey {
            case routingKey = "routing_key"
            case eventAction = "event_action"
            case dedupKey = "dedup_key"
            case payload, client
            case clientURL = "client_url"
        }
    }

    struct Payload: Encodable {
        var summary: String
        var source: String
        var severity: String
        var timestamp: String
        var component: String
        var group: String
        var customDetails: [String: String]

        enum CodingKeys: String, CodingKey {
            case summary, source, severity, timestamp, component, group
            case customDetails = "custom_details"
        }
    }
}
