import AIOpsCore
import Foundation

/// Tells the story of the demo as it happens: after each cycle it compares the store with what it
/// saw before and prints one line per step (detected → root cause → alert → remediation →
/// recovered). The outbox prints the alert lines itself.
actor DemoNarrator {
    private var severities: [String: Severity] = [:]
    private var statuses: [String: IncidentStatus] = [:]
    private var actions: [String: ActionStatus] = [:]
    private let names: [String: String]
    private let print: @Sendable (String) -> Void

    init(names: [String: String], print: @escaping @Sendable (String) -> Void) {
        self.names = names
        self.print = print
    }

    func name(_ id: String) -> String { "\(names[id] ?? id) (\(id))" }

    func announce(_ line: String, at time: Date) {
        print("[\(Self.clock(time))] \(line)")
    }

    /// Prints what changed in `store` since the last call.
    func narrate(_ store: any IncidentStore, now: Date) async throws {
        let recent = try await store.incidents(matching: IncidentFilter(), limit: 200, cursor: nil).items.reversed()
        for incident in recent {
            let who = name(incident.instanceID)
            if severities[incident.id] == nil {
                announce(
                    "detected: \(incident.metric) anomaly on \(who) — \(incident.severity.rawValue)",
                    at: incident.openedAt)
                announce("root cause: \(incident.summary)", at: incident.updatedAt)
            } else if let before = severities[incident.id], before < incident.severity {
                announce("escalated to \(incident.severity.rawValue): \(incident.summary)", at: incident.updatedAt)
            }
            severities[incident.id] = incident.severity
        }
        let latest = try await store.actions(incidentID: nil, instanceID: nil, since: nil, limit: 200).reversed()
        for action in latest where actions[action.id] != action.status {
            let who = name(action.instanceID)
            switch action.status {
            case .pending: announce("remediation: \(action.kind.rawValue) \(who)", at: action.at)
            case .succeeded:
                announce(
                    "recovered: \(who) after \(action.kind.rawValue) — \(Self.after(action.reason, "verified: "))",
                    at: action.verifiedAt ?? now)
            case .failed:
                announce(
                    "not recovered: \(who) — \(Self.after(action.reason, "not recovered: ")); escalated to a person",
                    at: action.verifiedAt ?? now)
            case .skipped: announce("remediation skipped on \(who): \(action.reason)", at: action.at)
            case .dryRun, .shadow: announce("\(action.reason)", at: action.at)
            case .awaitingApproval: announce("remediation: \(action.reason)", at: action.at)
            }
            actions[action.id] = action.status
        }
        // Resolutions last: an incident closes because its action was verified, not before.
        for incident in recent where incident.status == .resolved && statuses[incident.id] != .resolved {
            announce("resolved: the incident on \(name(incident.instanceID))", at: incident.resolvedAt ?? now)
        }
        for incident in recent { statuses[incident.id] = incident.status }
    }

    static func after(_ text: String, _ marker: String) -> String {
        guard let range = text.range(of: marker, options: .backwards) else { return text }
        return String(text[range.upperBound...])
    }

    static func clock(_ date: Date) -> String {
        let text = ISO8601.string(from: date)
        guard let t = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: t)...].prefix(5))
    }
}
