public import AIOpsCore
public import Foundation

/// One thing to tell people about an incident, whatever the channel: it opened (a critical
/// alert or an escalation), or it changed status.
///
/// The channels render it; the delivery keys its once-per-channel record on `incident.id`,
/// the channel and `kind`.
public struct IncidentNotice: Sendable, Hashable {
    /// What happened, named as the generic webhook's `type` names it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case opened = "incident.opened"
        /// Acknowledged by a person (the webhook's `incident.updated`).
        case acknowledged = "incident.updated"
        case resolved = "incident.resolved"
        /// The action awaits a person's approval (Slack carries Approve / Reject buttons).
        case approvalRequested = "incident.approval_requested"

        /// The short word used in delivery records and keys.
        public var word: String {
            switch self {
            case .opened: "opened"
            case .acknowledged: "acknowledged"
            case .resolved: "resolved"
            case .approvalRequested: "approval"
            }
        }
    }

    public var kind: Kind
    public var incident: Incident
    /// The instance with its tags when the notice comes from an alert; from the incident otherwise.
    public var instance: Instance
    public var at: Date
    /// The alert's id for an opened incident (an escalation is an alert of its own).
    public var alertID: String?
    /// The incident's page on the dashboard, when a dashboard address is configured.
    public var link: URL?
    /// The approval asked for, on an `approvalRequested` notice.
    public var approval: Approval?

    public init(
        kind: Kind, incident: Incident, instance: Instance, at: Date, alertID: String? = nil, link: URL? = nil,
        approval: Approval? = nil
    ) {
        self.approval = approval
        self.kind = kind
        self.incident = incident
        self.instance = instance
        self.at = at
        self.alertID = alertID
        self.link = link
    }

    /// The first line of the strongest evidence: the top finding's first example, else its
    /// template; nil without findings. Bounded: a log line is attacker-controlled and unbounded.
    public var leadLine: String? {
        guard let finding = incident.findings.first else { return nil }
        let line = finding.examples.first ?? finding.template
        let first = line.split(whereSeparator: \.isNewline).first.map(String.init) ?? line
        return Self.bounded(first, 300)
    }

    /// `text` cut to `limit` characters, with an ellipsis when cut.
    static func bounded(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    /// `critical: web-1 CPUUtilization anomaly` style title.
    var title: String {
        let verb =
            switch kind {
            case .opened: incident.severity.rawValue.uppercased()
            case .acknowledged: "ACKNOWLEDGED"
            case .resolved: "RESOLVED"
            case .approvalRequested: "APPROVAL NEEDED"
            }
        return Self.bounded("[\(verb)] \(instance.name) (\(instance.id)): \(incident.metric.rawValue)", 150)
    }
}
