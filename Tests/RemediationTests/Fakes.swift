import AIOpsCore
import Foundation
import Remediation
import Synchronization

/// Fixed dates and records for the decision table and the engine tests.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let tagged = Instance(
        id: "i-0aaaaaaaaaaaaaaaa", name: "web-1", tags: ["aiops:monitor": "true", "aiops:remediate": "true"])
    static let untagged = Instance(id: "i-0bbbbbbbbbbbbbbbb", name: "web-2", tags: ["aiops:monitor": "true"])

    static func incident(
        _ id: String = "inc-1", on instance: Instance = tagged, severity: Severity = .critical,
        status: IncidentStatus = .open, at: Date = t0
    ) -> Incident {
        let anomaly = Anomaly(
            instanceID: instance.id, metric: .cpuUtilization, timestamp: at, value: 97, score: 0.8, threshold: 0.6,
            expected: 20...45, detector: "test")
        return Incident(
            id: id, instanceID: instance.id, instanceName: instance.name, metric: .cpuUtilization, openedAt: at,
            updatedAt: at, status: status, severity: severity, summary: "CPUUtilization 97% on \(instance.name)",
            anomaly: anomaly, peakScore: 0.8, anomalyCount: 1, findings: [])
    }

    static func action(
        incident: String, on instance: Instance = tagged, kind: ActionKind = .reboot, status: ActionStatus,
        minutesAgo: Double, now: Date = t0
    ) -> RemediationAction {
        RemediationAction(
            id: "act-\(incident)", incidentID: incident, instanceID: instance.id, kind: kind, status: status,
            at: now.addingTimeInterval(-minutesAgo * 60), reason: "test", idempotencyKey: "remediate:\(incident)")
    }

    static func alert(_ incident: Incident, instance: Instance = tagged, id: String = "alert-1") -> CriticalAlert {
        CriticalAlert(alertID: id, incident: incident, instance: instance, raisedAt: incident.openedAt)
    }
}

/// A clock the test moves by hand.
final class ManualClock: AgentClock {
    private let current: Mutex<Date>
    init(_ start: Date) { current = Mutex(start) }
    func now() -> Date { current.withLock { $0 } }
    func advance(minutes: Double) { current.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }
    func sleep(until deadline: Date) async throws {
        current.withLock { if deadline > $0 { $0 = deadline } }
    }
}

/// Records every call; fails the calls it is told to fail.
actor RecordingController: InstanceController {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "UnauthorizedOperation: not allowed" }
    }
    private(set) var calls: [String] = []
    var failing = false

    func setFailing(_ value: Bool) { failing = value }

    func reboot(instanceID: String) throws { try record("reboot \(instanceID)") }
    func stop(instanceID: String) throws { try record("stop \(instanceID)") }
    func start(instanceID: String) throws { try record("start \(instanceID)") }
    func restartService(_ service: ServiceName, instanceID: String) throws {
        try record("restart-service \(service.unit) \(instanceID)")
    }
    func freeDisk(instanceID: String) throws { try record("free-disk \(instanceID)") }
    func runAutomation(document: String, instanceID: String) throws {
        try record("run-automation \(document) \(instanceID)")
    }

    private func record(_ call: String) throws {
        calls.append(call)
        if failing { throw Failure() }
    }
}

/// Answers what the test set; counts the questions.
actor ScriptedProbe: RecoveryProbe {
    struct Unavailable: Error {}
    var verdict: RecoveryVerdict = .recovered(evidence: "CPUUtilization 30% within 20–45")
    var unavailable = false
    private(set) var asked: [String] = []

    func set(_ verdict: RecoveryVerdict) { self.verdict = verdict }
    func setUnavailable(_ value: Bool) { unavailable = value }

    func verify(action: RemediationAction, incident: Incident, now: Date) throws -> RecoveryVerdict {
        asked.append(action.id)
        if unavailable { throw Unavailable() }
        return verdict
    }
}

/// Keeps every alert it was asked to send.
actor RecordingNotifier: Notifier {
    private(set) var alerts: [CriticalAlert] = []
    func notify(_ alert: CriticalAlert) { alerts.append(alert) }
}

/// An inventory with a fixed answer per instance.
struct FixedInventory: InstanceInventory {
    var instances: [Instance]
    func monitoredInstances() -> [Instance] { instances }
    func instance(id: String) -> Instance? { instances.first { $0.id == id } }
}
