public import AIOpsCore
public import Foundation

/// The action records of shadow runs. Each has its own idempotency key,
/// `shadow:<runbook>:<incident id>`, so a shadow run is recorded once per incident and runbook and
/// never takes the incident's one decision (`remediate:<incident id>`); the runbook's name is read
/// back from the key, so the stores need no new column.
public enum ShadowRecord {
    static let prefix = "shadow:"

    public static func idempotencyKey(runbook: String, incidentID: String) -> String {
        "\(prefix)\(runbook):\(incidentID)"
    }

    /// True for the record of a shadow run (whatever the guards said).
    public static func isShadow(_ action: RemediationAction) -> Bool {
        action.idempotencyKey.hasPrefix(prefix)
    }

    /// The runbook that recorded `action`, for a shadow run's record.
    public static func runbook(of action: RemediationAction) -> String? {
        guard isShadow(action) else { return nil }
        let rest = action.idempotencyKey.dropFirst(prefix.count)
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        return String(rest[..<colon])
    }

    /// The record of `run` for `incident`: status `shadow` when every guard passed (the runbook
    /// would have acted), `skipped` with the guard's words otherwise.
    public static func record(_ run: ShadowRun, incident: Incident, now: Date) -> RemediationAction {
        let would = "shadow: runbook \(run.command.runbook) would \(run.command.description) on \(incident.instanceID)"
        let note = run.note.map { " (\($0))" } ?? ""
        let (status, verdict): (ActionStatus, String) =
            switch run.verdict {
            case .act, .dryRun, .awaitApproval: (.shadow, "every guard passed")
            case .skip(let reason): (.skipped, "a guard would have stopped it: \(reason)")
            case .escalate(let reason): (.skipped, "it would have escalated to a person: \(reason)")
            }
        return RemediationAction(
            id: StableID.make("act", incident.id, "shadow", run.command.runbook), incidentID: incident.id,
            instanceID: incident.instanceID, kind: run.command.kind, status: status, at: now,
            reason: "\(would)\(note); \(verdict)",
            idempotencyKey: idempotencyKey(runbook: run.command.runbook, incidentID: incident.id))
    }
}
