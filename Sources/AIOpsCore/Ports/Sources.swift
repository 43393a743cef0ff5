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
    /// Stops the instance, waits until it is `stopped`, then starts it.
    func stopAndStart(instanceID: String) async throws
    /// Restarts the systemd unit `service` (already checked against `ServiceName`'s allow-list).
    func restartService(_ service: ServiceName, instanceID: String) async throws
    /// Frees disk space: vacuums the journal and deletes old temporary files.
    func freeDisk(instanceID: String) async throws
    /// Runs the SSM Automation document `document` with the instance as its target, to its end.
    func runAutomation(document: String, instanceID: String) async throws
}

extension InstanceController {
    /// Stop then start, for controllers whose `stop` returns once the instance is stopped.
    public func stopAndStart(instanceID: String) async throws {
        try await stop(instanceID: instanceID)
        try await start(instanceID: instanceID)
    }

    public func restartService(_ service: ServiceName, instanceID: String) async throws {
        throw AIOpsError(.unavailable, "this instance controller cannot restart services (restart \(service))")
    }

    public func freeDisk(instanceID: String) async throws {
        throw AIOpsError(.unavailable, "this instance controller cannot free disk space on \(instanceID)")
    }

    public func runAutomation(document: String, instanceID: String) async throws {
        throw AIOpsError(.unavailable, "this instance controller cannot run automation documents (\(document))")
    }
}

/// A systemd unit name a runbook may restart: letters, digits and `@._:-` only, so that it can
/// never carry shell syntax into the fixed command that restarts it.
public struct ServiceName: Sendable, Hashable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Nil for a name that is empty, longer than 128 characters, or holds anything else.
    public init?(_ text: String) {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@._:-")
        guard !text.isEmpty, text.count <= 128, text.first != "-", text.allSatisfy(allowed.contains) else {
            return nil
        }
        rawValue = text
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let name = ServiceName(text) else {
            throw AIOpsError(
                .invalidInput, "'\(text)' is not a systemd unit name (letters, digits and @._:- only)")
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The name with `.service` when it names no unit type, as systemctl reads it.
    public var unit: String { rawValue.contains(".") ? rawValue : rawValue + ".service" }
    public var description: String { rawValue }
}

/// Reads what changed on instances (deploys, configuration, scaling) in a time window, oldest
/// first: CloudTrail and Auto Scaling on AWS, the simulator's change events when embedded.
/// Instances rather than ids: a change may be of the instance's group (its Auto Scaling group
/// tag), and the caller knows the tags already.
public protocol ChangeSource: Sendable {
    func changes(of instances: [Instance], from start: Date, to end: Date) async throws -> [ChangeEvent]
}
