public import AIOpsCore
public import Foundation

/// A store whose chosen reads answer as if nothing had been written yet: what concurrent
/// workers see when all their reads happen before anyone's write (or, on DynamoDB, before an
/// index catches up). What then keeps them apart is the store's conditional writes alone.
public struct StaleReadStore<Base: IncidentStore>: ForwardingIncidentStore {
    public struct Reads: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// `actions` and `pendingActions` lists come back empty (the remediation guards' history).
        public static var actionHistory: Reads { Reads(rawValue: 1) }
        /// `openIncident` finds nothing (the by-instance index lags).
        public static var openIncident: Reads { Reads(rawValue: 2) }
        /// `incidents(matching:)` lists nothing (the open-incident index lags).
        public static var incidentLists: Reads { Reads(rawValue: 4) }
    }

    public let base: Base
    let stale: Reads

    public init(_ base: Base, stale: Reads) {
        self.base = base
        self.stale = stale
    }

    public func actions(incidentID: String?, instanceID: String?, since: Date?, limit: Int) async throws
        -> [RemediationAction]
    {
        if stale.contains(.actionHistory) { return [] }
        return try await base.actions(incidentID: incidentID, instanceID: instanceID, since: since, limit: limit)
    }

    public func pendingActions(since: Date, limit: Int) async throws -> [RemediationAction] {
        if stale.contains(.actionHistory) { return [] }
        return try await base.pendingActions(since: since, limit: limit)
    }

    public func incidents(matching filter: IncidentFilter, limit: Int, cursor: String?) async throws -> Page<Incident> {
        if stale.contains(.incidentLists) { return Page(items: [], nextCursor: nil) }
        return try await base.incidents(matching: filter, limit: limit, cursor: cursor)
    }

    public func openIncident(instanceID: String, metric: MetricName?) async throws -> Incident? {
        if stale.contains(.openIncident) { return nil }
        return try await base.openIncident(instanceID: instanceID, metric: metric)
    }
}
