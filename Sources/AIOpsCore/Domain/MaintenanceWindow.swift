public import Foundation

/// A time when an instance is worked on (patched, migrated): its anomalies are still detected and
/// stored, but they page no one and trigger no action. The fleet scenario declares one; the
/// silences of the API generalise it (matchers, recurrence, owners).
public struct MaintenanceWindow: Sendable, Codable, Hashable {
    public var instanceID: String
    public var start: Date
    public var end: Date
    public var reason: String

    public init(instanceID: String, start: Date, end: Date, reason: String) {
        self.instanceID = instanceID
        self.start = start
        self.end = end
        self.reason = reason
    }

    /// True when `time` on `instanceID` falls inside the window (start included, end not).
    public func covers(instanceID: String, at time: Date) -> Bool {
        instanceID == self.instanceID && time >= start && time < end
    }
}

/// Says whether an anomaly is silenced, and why: the seam between the pipeline's "page and act"
/// decisions and whatever holds the silences (the scenario's maintenance windows, a silence store).
public protocol SilenceChecking: Sendable {
    /// The reason the instance's anomaly at `time` is silenced, or nil when it is not.
    func silenced(instanceID: String, at time: Date) async throws -> String?
}

/// Fixed maintenance windows as a `SilenceChecking`.
public struct MaintenanceWindows: SilenceChecking {
    public var windows: [MaintenanceWindow]

    public init(_ windows: [MaintenanceWindow]) { self.windows = windows }

    public func silenced(instanceID: String, at time: Date) async throws -> String? {
        windows.first { $0.covers(instanceID: instanceID, at: time) }.map {
            "maintenance window \(ISO8601.string(from: $0.start))–\(ISO8601.string(from: $0.end)): \($0.reason)"
        }
    }
}
