public import AIOpsCore
public import Foundation

/// Several notifiers as one (email through SNS and the chat channels): each is told, even when
/// one before it fails; the first failure is thrown after all were tried.
public struct NotifierGroup: Notifier {
    public let members: [any Notifier]

    public init(_ members: [any Notifier]) { self.members = members }

    public func notify(_ alert: CriticalAlert) async throws {
        try await each { try await $0.notify(alert) }
    }

    public func incidentChanged(_ incident: Incident, at: Date) async throws {
        try await each { try await $0.incidentChanged(incident, at: at) }
    }

    public func approvalRequested(_ approval: Approval, alert: CriticalAlert) async throws {
        try await each { try await $0.approvalRequested(approval, alert: alert) }
    }

    private func each(_ body: (any Notifier) async throws -> Void) async throws {
        var first: (any Error)?
        for member in members {
            do { try await body(member) } catch { first = first ?? error }
        }
        if let first { throw first }
    }
}
