public import Foundation
import Synchronization

/// What one agent cycle did, in counts and time: logged per cycle, returned to the caller.
public struct AgentMetrics: Sendable, Hashable, Codable {
    /// The metric time the cycle covered: points after `windowStart`, up to `windowEnd`.
    public var windowStart: Date?
    public var windowEnd: Date?
    public var instances = 0
    public var seriesScored = 0
    /// Series without a model (not scored).
    public var seriesWithoutModel = 0
    public var pointsScored = 0
    public var anomalies = 0
    public var eventsPublished = 0
    public var incidentsOpened = 0
    public var incidentsUpdated = 0
    /// Events seen before (at-least-once delivery), ignored.
    public var duplicateEvents = 0
    public var criticalAlerts = 0
    /// Critical incidents a silence kept from paging and acting.
    public var silencedAlerts = 0
    public var warnings = 0
    public var actionsTaken = 0
    public var actionsSkipped = 0
    public var dryRuns = 0
    public var escalations = 0
    public var verificationsSucceeded = 0
    public var verificationsFailed = 0
    public var incidentsAutoResolved = 0
    /// Deliveries that failed every attempt (set aside as dead letters).
    public var deliveryFailures = 0
    /// Errors that did not stop the cycle (a verification that could not be checked, say).
    public var errors = 0
    /// Shards of the fleet handed to detector workers (fan-out); 0 when scored in process.
    public var shardsDispatched = 0
    /// Wall-clock time of the cycle's parts, in seconds.
    public var detectSeconds = 0.0
    public var maintenanceSeconds = 0.0
    public var totalSeconds = 0.0

    public init() {}

    /// The counters as logger metadata values (`aiops.cycle.*`).
    public var summary: String {
        "instances=\(instances) points=\(pointsScored) anomalies=\(anomalies) opened=\(incidentsOpened) "
            + "updated=\(incidentsUpdated) duplicates=\(duplicateEvents) critical=\(criticalAlerts) "
            + "silenced=\(silencedAlerts) "
            + "warnings=\(warnings) acted=\(actionsTaken) skipped=\(actionsSkipped) dry_runs=\(dryRuns) "
            + "escalations=\(escalations) verified_ok=\(verificationsSucceeded) "
            + "verified_failed=\(verificationsFailed) auto_resolved=\(incidentsAutoResolved) "
            + "dead_letters=\(deliveryFailures) errors=\(errors) shards=\(shardsDispatched) "
            + "seconds=\(String(format: "%.3f", totalSeconds))"
    }
}

/// Counters the stages bump while a cycle runs (some from inside the bus), read and reset by the agent.
public final class CycleCounters: Sendable {
    private let current = Mutex(AgentMetrics())

    public init() {}

    public func record(_ change: (inout AgentMetrics) -> Void) {
        current.withLock { change(&$0) }
    }

    /// The counts so far, and a fresh start.
    public func take() -> AgentMetrics {
        current.withLock { metrics in
            let taken = metrics
            metrics = AgentMetrics()
            return taken
        }
    }
}
