public import AIOpsCore
public import AWSClient
public import Foundation
public import Logging

/// The `Notifier` over the configured channels: each alert goes, through `ChannelDelivery`, to
/// the channels its routing picks, all at once; each status change goes to the channels that
/// were told the incident opened.
///
/// Delivery failures do not throw: they are retried, audited and dead-lettered there, and one
/// channel being down must not hold back the others or the remediation after it. Store failures
/// throw, so the alert is delivered again (and recognised on the channels already told).
public struct ChannelNotifier: Notifier {
    public let channels: [any NotificationChannel]
    public let routing: ChannelRouting
    let delivery: ChannelDelivery
    /// The dashboard's address: notices link to `<dashboard>/incidents/<id>`.
    let dashboard: URL?

    public init(
        channels: [any NotificationChannel], routing: ChannelRouting, delivery: ChannelDelivery, dashboard: URL? = nil
    ) {
        self.channels = channels
        self.routing = routing
        self.delivery = delivery
        self.dashboard = dashboard
    }

    public func notify(_ alert: CriticalAlert) async throws {
        let names = Set(routing.channels(severity: alert.incident.severity, instance: alert.instance))
        let notice = IncidentNotice(
            kind: .opened, incident: alert.incident, instance: alert.instance, at: alert.raisedAt,
            alertID: alert.alertID, link: link(alert.incident.id))
        _ = try await deliver(notice, to: channels.filter { names.contains($0.name) })
    }

    /// The approval request goes where the alert went (by the same routing), as its own notice:
    /// Slack's carries Approve / Reject buttons.
    public func approvalRequested(_ approval: Approval, alert: CriticalAlert) async throws {
        let names = Set(routing.channels(severity: alert.incident.severity, instance: alert.instance))
        let notice = IncidentNotice(
            kind: .approvalRequested, incident: alert.incident, instance: alert.instance, at: approval.requestedAt,
            alertID: StableID.make("alert", approval.incidentID, "approval"), link: link(alert.incident.id),
            approval: approval)
        _ = try await deliver(notice, to: channels.filter { names.contains($0.name) })
    }

    public func incidentChanged(_ incident: Incident, at: Date) async throws {
        let kind: IncidentNotice.Kind
        switch incident.status {
        case .open: return
        case .acknowledged: kind = .acknowledged
        case .resolved: kind = .resolved
        }
        var told: [any NotificationChannel] = []
        for channel in channels where try await delivery.wasTold(incidentID: incident.id, channel: channel.name) {
            told.append(channel)
        }
        let notice = IncidentNotice(
            kind: kind, incident: incident, instance: Instance(id: incident.instanceID, name: incident.instanceName),
            at: at, link: link(incident.id))
        _ = try await deliver(notice, to: told)
    }

    /// Delivers `notice` to every channel at once; the outcomes by channel name.
    func deliver(_ notice: IncidentNotice, to targets: [any NotificationChannel]) async throws
        -> [String: ChannelDelivery.Outcome]
    {
        try await withThrowingTaskGroup(of: (String, ChannelDelivery.Outcome).self) { group in
            for channel in targets {
                group.addTask { (channel.name, try await delivery.deliver(notice, via: channel)) }
            }
            var outcomes: [String: ChannelDelivery.Outcome] = [:]
            for try await (name, outcome) in group { outcomes[name] = outcome }
            return outcomes
        }
    }

    /// The same channels, their once-per-channel records kept in `store`.
    public func recording(in store: any IncidentStore) -> ChannelNotifier {
        ChannelNotifier(
            channels: channels, routing: routing, delivery: delivery.recording(in: store), dashboard: dashboard)
    }

    private func link(_ incidentID: String) -> URL? {
        dashboard?.appendingPathComponent("incidents").appendingPathComponent(incidentID)
    }
}

extension ChannelNotifier {
    /// The notifier the environment configures, or nil when it configures no channel. Reads the
    /// secrets (`ssm:`, `secretsmanager:`) once, here.
    /// - Parameters:
    ///   - makeExecutor: the AWS client, built only if a secret lives in AWS.
    ///   - dashboard: the incident links' base; `AIOPS_DASHBOARD_URL` when nil.
    public static func fromEnvironment(
        _ environment: [String: String], store: any IncidentStore, clock: any AgentClock,
        transport: any HTTPTransport = AsyncHTTPClientTransport(), policy: DeliveryPolicy = DeliveryPolicy(),
        dashboard: URL? = nil, logger: Logger,
        makeExecutor: @escaping @Sendable () throws -> AWSRequestExecutor
    ) async throws -> ChannelNotifier? {
        let settings = try ChannelSettings.read(environment: environment)
        guard !settings.entries.isEmpty else { return nil }
        let secrets = SecretResolver(makeExecutor: makeExecutor)
        var channels: [any NotificationChannel] = []
        for entry in settings.entries {
            channels.append(try await ChannelFactory.channel(entry, secrets: secrets))
        }
        let configuredDashboard = environment["AIOPS_DASHBOARD_URL"].flatMap { URL(string: $0) }
        logger.info(
            "notification channels on",
            metadata: ["aiops.channels": "\(channels.map(\.name).joined(separator: ","))"])
        return ChannelNotifier(
            channels: channels, routing: settings.routing,
            delivery: ChannelDelivery(transport: transport, store: store, clock: clock, policy: policy, logger: logger),
            dashboard: dashboard ?? configuredDashboard)
    }
}
