public import Foundation

/// Lists the instances to watch (those carrying the monitoring tag).
public protocol InstanceInventory: Sendable {
    func monitoredInstances() async throws -> [Instance]
    /// One instance by id, whether monitored or not; nil when unknown.
    func instance(id: String) async throws -> Instance?
}

/// Reads metric datapoints for many instances and metrics at once (batched where the backend allows).
public protocol MetricSource: Sendable {
    /// One series per (instance, metric) asked for; a series may be empty.
    func fetch(_ query: MetricQuery) async throws -> [MetricSeries]
}

/// Reads the log lines of one instance in a time window, oldest first.
public protocol LogSource: Sendable {
    func events(instanceID: String, from start: Date, to end: Date) async throws -> [LogEvent]
    /// The window's lines and whether older ones were left out to keep within the source's budget.
    func excerpt(instanceID: String, from start: Date, to end: Date) async throws -> LogExcerpt
}

/// Acts on instances. Every call is already guarded and audited by the remediation engine.
public protocol InstanceController: Sendable {
    func reboot(instanceID: String) async throws
    func stop(instanceID: String) async throws
    func start(instanceID: String) async throws
}

/// Reads what changed on instances (deploys, configuration, scaling) in a time window, oldest
/// first: CloudTrail and Auto Scaling on AWS, the simulator's change events when embedded.
/// Instances rather than ids: a change may be of the instance's group (its Auto Scaling group
/// tag), and the caller knows the tags already.
public protocol ChangeSource: Sendable {
    func changes(of instances: [Instance], from start: Date, to end: Date) async throws -> [ChangeEvent]
}
