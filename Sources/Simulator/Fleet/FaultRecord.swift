public import Foundation

/// One fault played on one instance: what the demo's report lists, and what shapes the metrics
/// and logs while it lasts. Encodes with the report's keys (`instance_id`, `kind`, `start`, `end`).
public struct FaultRecord: Sendable, Codable, Hashable, Identifiable {
    /// How the fault came to be.
    public enum Origin: String, Sendable, Codable, Hashable {
        /// Injected by a scenario or a test.
        case injected
        /// Drawn by the fleet's random-fault rate.
        case random
    }

    /// How the fault ended.
    public enum Ending: String, Sendable, Codable, Hashable {
        /// Its duration ran out.
        case expired
        /// A reboot through the instance controller cleared it.
        case reboot
        /// A stop through the instance controller cleared it.
        case stop
        /// A restart of the instance's main service cleared it.
        case serviceRestart = "service_restart"
        /// Freeing disk space cleared it.
        case freeDisk = "free_disk"
    }

    /// Stable for the same fault of the same fleet.
    public var id: String
    public var kind: FaultKind
    public var instanceID: String
    public var start: Date
    /// When the fault ended; nil while it lasts (a fault with a duration gets its end once the
    /// clock passes it).
    public var end: Date?
    /// How it ended; nil while it lasts.
    public var endedBy: Ending?
    public var origin: Origin

    private enum CodingKeys: String, CodingKey {
        case id, kind, start, end, origin
        case instanceID = "instance_id"
        case endedBy = "ended_by"
    }

    /// Writes `end` and `ended_by` as null while the fault lasts, so a report always has them.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(instanceID, forKey: .instanceID)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(endedBy, forKey: .endedBy)
        try container.encode(origin, forKey: .origin)
    }

    public init(
        id: String, kind: FaultKind, instanceID: String, start: Date, end: Date?, endedBy: Ending?, origin: Origin
    ) {
        self.id = id
        self.kind = kind
        self.instanceID = instanceID
        self.start = start
        self.end = end
        self.endedBy = endedBy
        self.origin = origin
    }
}

/// A call the instance controller received, for tests that check what was (never) acted on.
public struct ControllerCall: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable, Hashable {
        case reboot, stop, start
        case restartService = "restart-service"
        case freeDisk = "free-disk"
        case runAutomation = "run-automation"
    }
    public var kind: Kind
    public var instanceID: String
    /// On the fleet's clock.
    public var at: Date

    private enum CodingKeys: String, CodingKey {
        case kind, at
        case instanceID = "instance_id"
    }

    public init(kind: Kind, instanceID: String, at: Date) {
        self.kind = kind
        self.instanceID = instanceID
        self.at = at
    }
}
